using Calico.Cni.Cni;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

internal static partial class CalicoPlugin
{
    /// <summary>
    /// CHECK: a real check. The endpoint exists for this container; its addresses equal prevResult's and are held by
    /// the IPAM handle; the interface, addresses and default routes in the container and the host end are as ADD built
    /// them; the agent reports the endpoint's current revision programmed (its policy is live).
    /// </summary>
    private static async Task CheckAsync(Invocation inv, CancellationToken ct)
    {
        var (env, conf) = (inv.Env, inv.Conf);
        if (conf.PrevResult is not { } prev)
        {
            throw new CniException(CniCodes.InvalidConfig, "CHECK needs prevResult in the network configuration");
        }

        var id = WorkloadIdentity.From(env, conf, Datastores.NodeName(conf));
        using var container = OpenNetns(env.NetNs!);
        await using var store = Datastores.Open(conf);
        var wep = await store.GetAsync(ResourceKinds.WorkloadEndpoint, id.Namespace, id.EndpointName, ct).ConfigureAwait(false) as WorkloadEndpoint
            ?? throw Fail($"WorkloadEndpoint {id.Namespace}/{id.EndpointName} does not exist");
        if (wep.Spec.ContainerId != env.ContainerId)
        {
            throw Fail($"WorkloadEndpoint {id.Namespace}/{id.EndpointName} belongs to container {wep.Spec.ContainerId}");
        }

        var addresses = EndpointAddresses(wep);
        var previous = CniJson.ReadIps(prev, "prevResult").Select(i => i.Address).ToHashSet();
        if (!previous.SetEquals(addresses))
        {
            throw Fail($"prevResult addresses [{string.Join(", ", previous)}] differ from the endpoint's [{string.Join(", ", addresses)}]");
        }

        if (conf.Ipam.IsCalico)
        {
            var held = await new CalicoIpam(store).GetAssignmentsAsync(id.HandleId, ct).ConfigureAwait(false);
            var missing = addresses.Where(a => !held.Contains(a)).ToList();
            if (missing.Count > 0)
            {
                throw Fail($"IPAM handle {id.HandleId} does not hold {string.Join(", ", missing)}");
            }
        }

        var problems = WorkloadCheck.Inspect(null, container, id.HostInterface, env.IfName, addresses);
        if (problems.Count > 0)
        {
            throw Fail(string.Join("; ", problems));
        }

        var status = StatusWaiter.Read(id.StatusFile(conf));
        if (status is null || status.ResourceVersion != wep.Metadata.ResourceVersion || status.Status != "up")
        {
            throw Fail(status is null
                ? $"the node agent has not reported endpoint {id.EndpointName} ({id.StatusFile(conf)} missing)"
                : $"the node agent reports '{status.Status}' for revision {status.ResourceVersion}, the endpoint is at {wep.Metadata.ResourceVersion}: policy is not live");
        }
    }

    private static CniException Fail(string message) => new(CniCodes.CheckFailed, "CHECK: " + message);
}
