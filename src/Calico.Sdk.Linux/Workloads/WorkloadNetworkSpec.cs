using System.Net;
using System.Net.NetworkInformation;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>What <see cref="WorkloadPlumbing.Attach"/> builds for one workload (pod).</summary>
public sealed record WorkloadNetworkSpec
{
    /// <summary>The host end of the veth, e.g. from <see cref="WorkloadPlumbing.HostInterfaceName"/> (<c>cali…</c>).</summary>
    public required string HostInterface { get; init; }

    /// <summary>The workload end, inside its namespace (default <c>eth0</c>).</summary>
    public string ContainerInterface { get; init; } = "eth0";

    /// <summary>The workload's addresses; each is added as /32 or /128 with a host route to the veth.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>The MTU of both ends, or null for the kernel default.</summary>
    public int? Mtu { get; init; }

    /// <summary>A fixed MAC for the workload end, or null for a random one.</summary>
    public PhysicalAddress? ContainerMac { get; init; }

    /// <summary>Whether the workload may forward packets (CNI <c>allow_ip_forwarding</c>; default false).</summary>
    public bool AllowIpForwarding { get; init; }

    /// <summary>Whether <see cref="WorkloadPlumbing.Attach"/> installs the host's /32 (/128) routes to the veth
    /// (default true). The CNI plugin leaves them to the node agent, which owns workload routes.</summary>
    public bool InstallHostRoutes { get; init; } = true;

    /// <summary>The protocol tag of the host routes (default <c>boot</c>, as the CNI plugin's netlink calls use).</summary>
    public RouteProtocol HostRouteProtocol { get; init; } = RouteProtocol.Boot;
}
