using Calico.Cni.Diagnostics;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>
/// DEL's interface removal in two steps on the sidecar. <see cref="Prepare"/> runs while the main thread opens the
/// datastore and reads the endpoint: it opens the pod's namespace and a netlink socket inside it and finds the
/// interface, changing nothing. <see cref="Remove"/> runs only once that read has decided (so a datastore error still
/// changes nothing): it deletes the pod end — tens of milliseconds of kernel teardown, mostly RCU grace periods, which
/// take the host end along — and then the host end if it survived and belongs to this container.
/// </summary>
internal sealed class PodInterfaceRemoval : IDisposable
{
    private NetworkNamespace? _pod;
    private NetlinkRoute? _links;
    private int _index;

    /// <summary>Finds <paramref name="ifName"/> in <paramref name="netns"/> (either may be gone: nothing to do then).</summary>
    public static PodInterfaceRemoval Prepare(string? netns, string ifName)
    {
        var removal = new PodInterfaceRemoval();
        if (netns is not { } path || !File.Exists(path))
        {
            return removal;
        }

        try
        {
            removal._pod = NetworkNamespace.Open(path);
        }
        catch (LinuxSystemException)
        {
            // The namespace was torn down between the check and the open: nothing left inside it.
            return removal;
        }

        // Any other failure fails DEL before it changes anything.
        try
        {
            removal._links = NetlinkRoute.Open(removal._pod);
            removal._index = removal._links.GetLink(ifName)?.Index ?? 0;
            return removal;
        }
        catch
        {
            removal.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the pod end found by <see cref="Prepare"/>, then <paramref name="hostInterface"/> if given.</summary>
    public bool Remove(string? hostInterface)
    {
        if (_index > 0)
        {
            try
            {
                _links!.DeleteLink(_index);
            }
            catch (NetlinkException e) when (e.Errno == 19)
            {
                // ENODEV: gone since Prepare looked (the namespace's last user exited), the outcome DEL wants.
            }
        }

        PhaseTrace.Mark("pod-if");
        if (hostInterface is not null)
        {
            WorkloadPlumbing.Detach(null, hostInterface);
        }

        PhaseTrace.Mark("host-if");
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _links?.Dispose();
        _pod?.Dispose();
    }
}
