using Calico.Sdk.Linux.Interop;

namespace Calico.Sdk.Linux.Namespaces;

/// <summary>Prepares /run/netns the way iproute2 does: a shared mount point, so bind mounts of namespaces propagate
/// into mount namespaces created later (e.g. by container runtimes).</summary>
internal static class NetnsMounts
{
    private static readonly Lock Gate = new();

    internal static void EnsureSharedDirectory(string directory)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (LibC.Mount("none", directory, "none", Constants.MS_SHARED | Constants.MS_REC, 0) == 0)
                {
                    return;
                }

                if (Errno.Last != Errno.EINVAL || attempt > 0)
                {
                    throw Errno.LastException("make shared mount", directory);
                }

                // EINVAL: not a mount point yet. Bind it onto itself, then retry making it shared.
                if (LibC.Mount(directory, directory, "none", Constants.MS_BIND | Constants.MS_REC, 0) != 0)
                {
                    throw Errno.LastException("bind-mount", directory);
                }
            }
        }
    }
}
