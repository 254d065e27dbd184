using System.Net;
using System.Net.NetworkInformation;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Plugin;

/// <summary>Builds the WorkloadEndpoint ADD writes, and the CNI result it answers.</summary>
internal static class EndpointBuilder
{
    public static WorkloadEndpoint Build(WorkloadIdentity id, IReadOnlyList<IPAddress> addresses, PhysicalAddress? mac)
    {
        var wep = new WorkloadEndpoint();
        wep.Metadata.Name = id.EndpointName;
        wep.Metadata.Namespace = id.Namespace;
        wep.Metadata.Labels = id.EndpointLabels();
        wep.Spec = new WorkloadEndpointSpec
        {
            Orchestrator = id.Orchestrator,
            Workload = id.Orchestrator == "cni" ? id.ContainerId : null,
            Node = id.Node,
            ContainerId = id.ContainerId,
            Pod = id.Pod,
            Endpoint = id.IfName,
            ServiceAccountName = id.ServiceAccount,
            IpNetworks = [.. addresses.Select(CalicoPlugin.HostCidr)],
            Profiles = id.Profiles(),
            InterfaceName = id.HostInterface,
            Mac = mac is null ? null : FormatMac(mac),
        };
        return wep;
    }

    public static Cni.CniResult Result(WorkloadIdentity id, IReadOnlyList<IPAddress> addresses, string? mac, int? mtu, string netns)
    {
        var routes = new List<Cni.CniRoute>();
        if (addresses.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
        {
            routes.Add(new Cni.CniRoute(IPAddress.Any, 0, WorkloadPlumbing.IPv4Gateway));
        }

        if (addresses.Any(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            routes.Add(new Cni.CniRoute(IPAddress.IPv6Any, 0, WorkloadPlumbing.IPv6Gateway));
        }

        return new Cni.CniResult(
            [
                new Cni.CniInterface(id.HostInterface, FormatMac(WorkloadPlumbing.HostMac), null, null),
                new Cni.CniInterface(id.IfName, mac, mtu, netns),
            ],
            [.. addresses.Select(a => new Cni.CniIp(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32, null, 1))],
            routes);
    }

    public static string FormatMac(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
