using System.Globalization;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Namespaces;
using Microsoft.Win32.SafeHandles;

namespace Calico.Sdk.Linux;

/// <summary>
/// A Linux network namespace held open by a file descriptor. Named namespaces are bind-mounted under
/// <c>/run/netns</c> exactly as <c>ip netns add</c> does, so iproute2 sees them. Work runs inside a namespace on a
/// dedicated thread (<see cref="Run{T}(Func{T})"/>), because a namespace switch affects only the calling thread.
/// Sockets created there (e.g. <see cref="NetlinkRoute.Open(NetworkNamespace)"/>) stay bound to the namespace and
/// may then be used from any thread. AOT-safe: no reflection, only source-generated P/Invoke.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    /// <summary>The directory iproute2 keeps named namespaces in.</summary>
    public const string NamedDirectory = "/run/netns";

    private readonly SafeFileHandle _handle;

    private NetworkNamespace(SafeFileHandle handle, string path, string? name)
    {
        _handle = handle;
        Path = path;
        Name = name;
    }

    /// <summary>The name under <see cref="NamedDirectory"/>, or null for a namespace opened by path or pid.</summary>
    public string? Name { get; }

    /// <summary>The path the namespace was opened from (e.g. <c>/run/netns/blue</c> or <c>/proc/42/ns/net</c>).</summary>
    public string Path { get; }

    /// <summary>Creates a named namespace like <c>ip netns add NAME</c>: a new namespace bind-mounted on
    /// <c>/run/netns/NAME</c> (the directory is made a shared mount point first, as iproute2 does).</summary>
    /// <param name="name">The name: a single path segment, not "." or "..".</param>
    /// <returns>The open namespace.</returns>
    /// <exception cref="LinuxSystemException">The name exists already (EEXIST) or the kernel refused.</exception>
    public static NetworkNamespace Create(string name)
    {
        var path = PathOf(name);
        NetnsMounts.EnsureSharedDirectory(NamedDirectory);
        var fd = LibC.Open(path, Constants.O_RDONLY | Constants.O_CREAT | Constants.O_EXCL | Constants.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Errno.LastException("create netns", Quote(name));
        }

        LibC.Close(fd);
        try
        {
            NamespaceThread.Run(
                () => Unshare(name),
                () =>
                {
                    var self = "/proc/self/task/" + LibC.GetTid().ToString(CultureInfo.InvariantCulture) + "/ns/net";
                    return LibC.Mount(self, path, "none", Constants.MS_BIND, 0) == 0
                        ? 0
                        : throw Errno.LastException("bind-mount netns", Quote(name) + " on " + path);
                },
                "netns create " + name);
        }
        catch
        {
            LibC.Unlink(path);
            throw;
        }

        return Open(path, name);
    }

    /// <summary>Creates an unnamed namespace that lives as long as this object (nothing appears under /run/netns).</summary>
    /// <returns>The open namespace.</returns>
    public static NetworkNamespace CreateAnonymous()
    {
        var fd = NamespaceThread.Run(
            () => Unshare("anonymous"),
            () =>
            {
                var self = "/proc/self/task/" + LibC.GetTid().ToString(CultureInfo.InvariantCulture) + "/ns/net";
                var opened = LibC.Open(self, Constants.O_RDONLY | Constants.O_CLOEXEC, 0);
                return opened >= 0 ? opened : throw Errno.LastException("open", self);
            },
            "netns create");
        return new NetworkNamespace(new SafeFileHandle(fd, ownsHandle: true), "anonymous:" + fd.ToString(CultureInfo.InvariantCulture), null);
    }

    /// <summary>Opens a namespace from any nsfs path (a bind mount or <c>/proc/PID/ns/net</c>).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The open namespace.</returns>
    public static NetworkNamespace Open(string path) => Open(path, null);

    /// <summary>Opens the named namespace <c>/run/netns/NAME</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The open namespace.</returns>
    public static NetworkNamespace OpenByName(string name) => Open(PathOf(name), name);

    /// <summary>Opens the namespace a process is in, via <c>/proc/PID/ns/net</c>.</summary>
    /// <param name="pid">The process id.</param>
    /// <returns>The open namespace.</returns>
    public static NetworkNamespace OpenByPid(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        return Open("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/ns/net", null);
    }

    /// <summary>Opens the namespace of the calling thread.</summary>
    /// <returns>The open namespace.</returns>
    public static NetworkNamespace OpenCurrent() =>
        Open("/proc/self/task/" + LibC.GetTid().ToString(CultureInfo.InvariantCulture) + "/ns/net", null);

    /// <summary>Whether <c>/run/netns/NAME</c> exists.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when it exists.</returns>
    public static bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The names under <c>/run/netns</c>, sorted.</summary>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> List()
    {
        if (!Directory.Exists(NamedDirectory))
        {
            return [];
        }

        var names = Directory.GetFiles(NamedDirectory).Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Deletes a named namespace like <c>ip netns delete NAME</c>: lazy unmount, then unlink. The namespace
    /// itself disappears when its last user (process, socket, open handle) goes away.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="LinuxSystemException">It does not exist (ENOENT) or could not be removed.</exception>
    public static void Delete(string name)
    {
        var path = PathOf(name);
        if (LibC.Umount2(path, Constants.MNT_DETACH) != 0 && Errno.Last != Errno.EINVAL)
        {
            throw Errno.LastException("unmount netns", Quote(name));
        }

        if (LibC.Unlink(path) != 0)
        {
            throw Errno.LastException("delete netns", Quote(name));
        }
    }

    /// <summary>Runs <paramref name="work"/> inside this namespace on a dedicated thread and waits for it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Synchronous work; sockets and files it opens belong to this namespace.</param>
    /// <returns>The work's result; its exception is rethrown here.</returns>
    public T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)_handle.DangerousGetHandle();
            return NamespaceThread.Run(() => NamespaceThread.Enter(fd, ToString()), work, "netns " + (Name ?? Path));
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    /// <summary>Runs <paramref name="work"/> inside this namespace on a dedicated thread and waits for it.</summary>
    /// <param name="work">Synchronous work.</param>
    public void Run(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(() =>
        {
            work();
            return true;
        });
    }

    /// <summary>Runs synchronous <paramref name="work"/> inside this namespace on a dedicated thread without blocking
    /// the caller. The token is checked before the work starts and passed to it.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Synchronous work (do not await inside it: continuations would leave the namespace).</param>
    /// <param name="cancellationToken">Cancels before the work starts; the work may observe it.</param>
    /// <returns>A task with the work's result.</returns>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)_handle.DangerousGetHandle();
            var description = ToString();
            return await NamespaceThread.RunAsync(() => NamespaceThread.Enter(fd, description), work, "netns " + (Name ?? Path), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    /// <summary>Runs the action inside this namespace without blocking the caller.</summary>
    /// <param name="work">Synchronous work.</param>
    /// <param name="cancellationToken">Cancels before the work starts.</param>
    /// <returns>A task that completes when the work has run.</returns>
    public Task RunAsync(Action<CancellationToken> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(
            token =>
            {
                work(token);
                return true;
            },
            cancellationToken);
    }

    /// <summary>The namespace file descriptor (for IFLA_NET_NS_FD); valid while this object is alive.</summary>
    internal SafeFileHandle Handle => _handle;

    /// <inheritdoc />
    public override string ToString() => Name is null ? "netns " + Path : "netns " + Quote(Name);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static NetworkNamespace Open(string path, string? name)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = LibC.Open(path, Constants.O_RDONLY | Constants.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Errno.LastException("open netns", name is null ? path : Quote(name));
        }

        return new NetworkNamespace(new SafeFileHandle(fd, ownsHandle: true), path, name);
    }

    private static void Unshare(string name)
    {
        if (LibC.Unshare(Constants.CLONE_NEWNET) != 0)
        {
            throw Errno.LastException("unshare(CLONE_NEWNET) for netns", Quote(name));
        }
    }

    private static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || name.Length > 255)
        {
            throw new ArgumentException($"Invalid network namespace name '{name}': must be one path segment of at most 255 bytes, not '.' or '..'.", nameof(name));
        }

        return NamedDirectory + "/" + name;
    }

    private static string Quote(string name) => "'" + name + "'";
}
