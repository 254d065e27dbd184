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

        // While the datastore opens and answers, the sidecar finds the pod's interface (changing nothing).
        var prepared = Sidecar.Run(() => PodInterfaceRemoval.Prepare(env.NetNs, env.IfName));
        Task<bool>? interfaces = null;
        try
        {
            await using var store = Datastores.Open(conf);
            PhaseTrace.Mark("open");

            // The read decides everything; it throws (nothing changed) when the datastore cannot answer.
            var wep = await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint;
            var ours = wep is null || wep.Spec.ContainerId is not { Length: > 0 } owner || owner == env.ContainerId;
            PhaseTrace.Mark("get");
            var removal = prepared.GetAwaiter().GetResult(); // blocking, not awaited: see CalicoPlugin.Settled
            interfaces = Sidecar.Run(() => removal.Remove(ours ? id.HostInterface : null));
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
            try
            {
                interfaces?.GetAwaiter().GetResult();
            }
            finally
            {
                if (Settled(prepared))
                {
                    prepared.Result.Dispose();
                }
            }
        }
    }
}
