using Calico.Cni.Cni;
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
    /// with its host interface; only this container's interface and addresses go.
    /// </summary>
    private static async Task DelAsync(Invocation inv, CancellationToken ct)
    {
        var (env, conf) = (inv.Env, inv.Conf);
        var id = WorkloadIdentity.From(env, conf, Datastores.NodeName(conf));
        await using var store = Datastores.Open(conf);

        // The read decides everything; it throws (nothing changed) when the datastore cannot answer.
        var wep = await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint;
        var ours = wep is null || wep.Spec.ContainerId is not { Length: > 0 } owner || owner == env.ContainerId;
        if (wep is not null && ours)
        {
            await DeleteOwnEndpointAsync(store, id, ct).ConfigureAwait(false);
        }

        if (env.NetNs is { } path && File.Exists(path))
        {
            try
            {
                using var container = NetworkNamespace.Open(path);
                WorkloadPlumbing.DetachContainer(container, env.IfName);
            }
            catch (LinuxSystemException)
            {
                // The namespace was torn down between the check and the open: nothing left inside it.
            }
        }

        if (ours)
        {
            WorkloadPlumbing.Detach(null, id.HostInterface);
        }

        await IpamFor(inv, store, id).DelAsync(ct).ConfigureAwait(false);
    }
}
