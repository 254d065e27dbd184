using Calico.Cni.Cni;
using Calico.Cni.Diagnostics;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// DEL: the endpoint, the interface, the addresses — each may already be gone, which is success. A datastore
    /// error other than "not found" fails the command before anything is changed, so an unreachable datastore can
    /// never make DEL remove a live pod's network. An endpoint that belongs to a newer sandbox of the same pod is kept,
    /// with its host interface; only this container's interface and addresses go. Once the read has decided, the
    /// interface removal (tens of milliseconds of kernel teardown, mostly RCU grace periods) runs on the sidecar thread
    /// while the datastore changes are made; DEL answers when both are done.
    /// </summary>
    private static async Task DelAsync(Invocation inv, CancellationToken ct)
    {
        var (env, conf) = (inv.Env, inv.Conf);
        var id = WorkloadIdentity.From(env, conf, Datastores.NodeName(conf));
        await using var store = Datastores.Open(conf);
        PhaseTrace.Mark("open");

        // The read decides everything; it throws (nothing changed) when the datastore cannot answer.
        var wep = await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint;
        var ours = wep is null || wep.Spec.ContainerId is not { Length: > 0 } owner || owner == env.ContainerId;
        PhaseTrace.Mark("get");
        var interfaces = Sidecar.Run(() =>
        {
            RemoveInterfaces(env.NetNs, env.IfName, ours ? id.HostInterface : null);
            return true;
        });
        try
        {
            if (wep is not null && ours)
            {
                await DeleteOwnEndpointAsync(store, id, ct).ConfigureAwait(false);
            }

            PhaseTrace.Mark("endpoint");
            await IpamFor(inv, store, id).DelAsync(ct).ConfigureAwait(false);
            PhaseTrace.Mark("ipam");
            Datastores.Flush(store);
        }
        finally
        {
            interfaces.GetAwaiter().GetResult(); // blocking, not awaited: see CalicoPlugin.Settled
        }
    }

    /// <summary>The pod end (the namespace may be gone), then the host end (which deleting the pod end usually took along).</summary>
    private static void RemoveInterfaces(string? netns, string ifName, string? hostInterface)
    {
        if (netns is { } path && File.Exists(path))
        {
            try
            {
                using var container = NetworkNamespace.Open(path);
                WorkloadPlumbing.DetachContainer(container, ifName);
            }
            catch (LinuxSystemException)
            {
                // The namespace was torn down between the check and the open: nothing left inside it.
            }
        }

        PhaseTrace.Mark("pod-if");
        if (hostInterface is not null)
        {
            WorkloadPlumbing.Detach(null, hostInterface);
        }

        PhaseTrace.Mark("host-if");
    }
}
