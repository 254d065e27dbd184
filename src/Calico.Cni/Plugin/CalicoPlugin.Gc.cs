using Calico.Cni.Cni;
using Calico.Cni.Ipam;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// GC: everything this node's network holds for attachments not in <c>cni.dev/valid-attachments</c> goes — their
    /// WorkloadEndpoints, host interfaces and (calico-ipam) addresses; a delegated IPAM plugin gets GC only if its VERSION
    /// lists 1.1.0. Endpoints and handles of other nodes, and of other networks, are never touched.
    /// </summary>
    private static async Task GcAsync(Invocation inv, CancellationToken ct)
    {
        var conf = inv.Conf;
        if (!conf.HasValidAttachments)
        {
            throw new CniException(CniCodes.InvalidConfig, "GC needs cni.dev/valid-attachments in the network configuration");
        }

        var node = Datastores.NodeName(conf);
        var valid = conf.ValidAttachments.ToHashSet();
        var validContainers = conf.ValidAttachments.Select(a => a.ContainerId).ToHashSet(StringComparer.Ordinal);
        await using var store = Datastores.Open(conf);
        await EnsureReadyAsync(store, ct).ConfigureAwait(false);
        var endpoints = await store.ListAsync(ResourceKinds.WorkloadEndpoint, null, ct).ConfigureAwait(false);
        foreach (var wep in endpoints.Items.OfType<WorkloadEndpoint>())
        {
            var s = wep.Spec;
            if (s.Node != node || s.ContainerId is not { Length: > 0 } cid || s.Orchestrator is not ("k8s" or "cni")
                || valid.Contains((cid, s.Endpoint ?? "eth0")))
            {
                continue;
            }

            try
            {
                await store.DeleteAsync(ResourceKinds.WorkloadEndpoint, wep.Metadata.Namespace, wep.Metadata.Name!, wep.Metadata.ResourceVersion, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ResourceNotFoundException or ResourceConflictException)
            {
                continue; // gone, or re-written by a concurrent ADD: leave it
            }

            if (s.InterfaceName is { Length: > 0 } hostIf)
            {
                WorkloadPlumbing.Detach(null, hostIf);
            }
        }

        if (conf.Ipam.IsCalico)
        {
            await CollectAddressesAsync(store, conf.IpamLockFile, conf.Name + ".", node, validContainers, ct).ConfigureAwait(false);
        }

        Datastores.Flush(store);
        if (!conf.Ipam.IsCalico)
        {
            await new DelegatedIpam(inv.Env, conf).GcAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Releases this node's handles of this network (<c>&lt;network&gt;.&lt;containerID&gt;</c>) whose
    /// container is not valid.</summary>
    internal static async Task<int> CollectAddressesAsync(
        IDatastore store, string lockFile, string handlePrefix, string node, IReadOnlySet<string> validContainers, CancellationToken ct)
    {
        var handles = new HashSet<string>(StringComparer.Ordinal);
        var blocks = await store.ListAsync(ResourceKinds.IPAMBlock, null, ct).ConfigureAwait(false);
        foreach (var block in blocks.Items.OfType<IPAMBlock>())
        {
            foreach (var attr in block.Spec.Attributes ?? [])
            {
                if (attr.HandleId is { } h && h.StartsWith(handlePrefix, StringComparison.Ordinal)
                    && attr.Secondary is { } secondary && secondary.TryGetValue("node", out var owner) && owner == node
                    && !validContainers.Contains(h[handlePrefix.Length..]))
                {
                    handles.Add(h);
                }
            }
        }

        if (handles.Count == 0)
        {
            return 0;
        }

        using (HostLock.Acquire(lockFile, CalicoIpamDriver.LockTimeout))
        {
            var ipam = new CalicoIpam(store);
            foreach (var handle in handles)
            {
                await ipam.ReleaseByHandleAsync(handle, ct).ConfigureAwait(false);
            }
        }

        return handles.Count;
    }
}
