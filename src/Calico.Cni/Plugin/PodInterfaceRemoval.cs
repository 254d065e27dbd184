using Calico.Cni.Diagnostics;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Cni.Plugin;

/// <summary>
/// DEL's interface removal in two steps on the sidecar. <see cref="Prepare"/> runs while the main thread opens the
/// datastore and reads the endpoint: it opens the pod's namespace and a netlink socket inside it and finds the
/// interface, changing nothing. <see cref="Remove"/> runs only once that read has decided (so a datastore error still
/// changes nothing). Deleting a veth takes 15-40 ms, almost all of it the kernel's deferred clean-up (RCU grace
/// periods) after the pair has already left both namespaces; so when the node agent listens on its teardown socket,
/// the pair is handed to it and DEL waits only for the pod end's RTM_DELLINK. Otherwise (no agent, a refusal, an
/// endpoint of a newer sandbox) the plugin deletes the pod end itself and then the host end if it survived.
/// </summary>
internal sealed class PodInterfaceRemoval : IDisposable
{
    private static readonly TimeSpan AgentWait = TimeSpan.FromSeconds(5);
    private NetworkNamespace? _pod;
    private NetlinkRoute? _links;
    private LinkRemovalWatch? _watch;
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

    /// <summary>
    /// Deletes the pod end found by <see cref="Prepare"/> and <paramref name="hostInterface"/> if given: through the
    /// agent listening on <paramref name="agentSocket"/> when it takes the request, else directly.
    /// </summary>
    public bool Remove(string? hostInterface, string agentSocket)
    {
        var byAgent = _index > 0 && hostInterface is not null && ThroughAgent(hostInterface, agentSocket);
        if (_index > 0 && !byAgent)
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
        if (hostInterface is not null && !byAgent)
        {
            WorkloadPlumbing.Detach(null, hostInterface);
        }

        PhaseTrace.Mark("host-if");
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watch?.Dispose();
        _links?.Dispose();
        _pod?.Dispose();
    }

    /// <summary>True when the agent deleted the pair (the pod end's deletion was announced); false to delete here.</summary>
    private bool ThroughAgent(string hostInterface, string agentSocket)
    {
        if (!File.Exists(agentSocket))
        {
            return false;
        }

        try
        {
            using var host = NetlinkRoute.Open();
            if (host.GetLink(hostInterface) is not { } link)
            {
                return false;
            }

            // Subscribed before asking, so the announcement cannot be missed.
            _watch = LinkRemovalWatch.Open(_pod, _index);
            using var agent = TeardownClient.Request(agentSocket, hostInterface, link.Index);
            if (agent.Reply == "ok" && _watch.Wait(AgentWait, agent.Socket))
            {
                return true;
            }

            // A refusal, "gone" (the host end went first: the pod end went with it), the agent's delete failing or the
            // agent going away (both end the wait at once), or a lost announcement: look.
            return _links!.GetLink(_index) is null;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or LinuxSystemException or NetlinkException)
        {
            return false; // The agent is not there or failed: delete here.
        }
    }
}
