using System.Globalization;
using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Cni.Diagnostics;
using Calico.Cni.Plugin;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Cni.Ipam;

/// <summary>
/// <c>calico-ipam</c> in the calling process (no second exec): block-affinity IPAM over the datastore, serialised
/// host-wide by <c>ipam_lock_file</c> like Calico's plugin. The lock wait is bounded; a busy lock is "try again later".
/// </summary>
internal sealed class CalicoIpamDriver(IDatastore store, NetConf conf, WorkloadIdentity id) : IIpamDriver
{
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<CniIp>> AddAsync(CancellationToken cancellationToken)
    {
        var v4 = conf.Ipam.AssignIPv4 ? 1 : 0;
        var v6 = conf.Ipam.AssignIPv6 ? 1 : 0;
        if (v4 + v6 == 0)
        {
            throw new CniException(CniCodes.InvalidConfig, "network configuration: ipam.assign_ipv4 and ipam.assign_ipv6 are both false, nothing to assign");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["node"] = id.Node,
            ["namespace"] = id.Namespace,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fffffff 'UTC'", CultureInfo.InvariantCulture),
        };
        if (id.Pod is not null)
        {
            attributes["pod"] = id.Pod;
        }

        var request = new AutoAssignRequest(id.HandleId, id.Node, v4, v6)
        {
            Attributes = attributes,
            IPv4Pools = conf.Ipam.IPv4Pools,
            IPv6Pools = conf.Ipam.IPv6Pools,
        };
        AutoAssignResult result;
        using (HostLock.Acquire(conf.IpamLockFile, LockTimeout))
        {
            PhaseTrace.Mark("ipam-lock");
            result = await new CalicoIpam(store).AutoAssignAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (result.IPv4.Count < v4 || result.IPv6.Count < v6)
        {
            throw new CniException(CniCodes.IpamExhausted, $"calico-ipam assigned {result.IPv4.Count} IPv4 and {result.IPv6.Count} IPv6 addresses, {v4} and {v6} were requested");
        }

        return [.. result.IPv4.Concat(result.IPv6).Select(a => new CniIp(a.Address, a.PrefixLength, null, null))];
    }

    public async Task DelAsync(CancellationToken cancellationToken)
    {
        using (HostLock.Acquire(conf.IpamLockFile, LockTimeout))
        {
            PhaseTrace.Mark("ipam-lock");
            await new CalicoIpam(store).ReleaseByHandleAsync(id.HandleId, cancellationToken).ConfigureAwait(false);
        }
    }
}
