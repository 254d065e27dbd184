using System.Net;
using System.Net.NetworkInformation;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>A workload's plumbing as built by <see cref="WorkloadPlumbing.Attach"/>.</summary>
/// <param name="HostInterface">The host end's name.</param>
/// <param name="HostInterfaceIndex">The host end's ifindex (in the host namespace).</param>
/// <param name="ContainerInterface">The workload end's name.</param>
/// <param name="ContainerMac">The workload end's MAC address.</param>
/// <param name="Addresses">The workload's addresses.</param>
public sealed record WorkloadNetwork(
    string HostInterface,
    int HostInterfaceIndex,
    string ContainerInterface,
    PhysicalAddress? ContainerMac,
    IReadOnlyList<IPAddress> Addresses);
