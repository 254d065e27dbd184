using Calico.Cni.Cni;
using Calico.Cni.Diagnostics;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// DEL: the endpoint, the interface, the addresses — each may already be gone, which is success. A datastore
    /// error other than "not found" fails the command before anything is changed, so an unreachable datastore can
    /// never make DEL remove a live pod's network. An endpoint that belongs to a newer sandbox of the same pod is kept,
    /// with its host interface; only this container's interface and addresses go. Once the read has decided, the
    /// interface removal runs on the sidecar thread while the datastore changes are made; DEL answers when both are
    /// done. The removal hands the veth pair to the node agent's teardown socket when it listens (DEL then waits only
    /// until the pair has left both namespaces, not for the kernel's tens of milliseconds of RCU clean-up), else it
    /// deletes the pair itself (see <see cref="PodInterfaceRemoval"/>).
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
            var agentSocket = StatusPaths.TeardownSocket(Path.GetDirectoryName(conf.EndpointStatusDir) ?? StatusPaths.DefaultPrefix);
            interfaces = Sidecar.Run(() => removal.Remove(ours ? id.HostInterface : null, agentSocket));
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
