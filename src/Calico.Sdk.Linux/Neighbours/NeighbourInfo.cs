using System.Net;
using System.Net.NetworkInformation;

namespace Calico.Sdk.Linux;

/// <summary>An ARP (IPv4) or NDP (IPv6) neighbour entry (<c>ip neigh add|replace ADDR lladdr MAC dev DEV nud permanent</c>).</summary>
/// <param name="InterfaceIndex">The ifindex.</param>
/// <param name="Address">The neighbour's IP address.</param>
/// <param name="LinkAddress">The neighbour's MAC address, or null (reported for incomplete entries).</param>
public sealed record NeighbourInfo(int InterfaceIndex, IPAddress Address, PhysicalAddress? LinkAddress)
{
    /// <summary>The NUD_* state bits (0x80 permanent, 0x02 reachable, 0x04 stale, ...). Defaults to permanent.</summary>
    public ushort State { get; init; } = 0x80;

    /// <summary>Whether the entry is permanent (NUD_PERMANENT).</summary>
    public bool IsPermanent => (State & 0x80) != 0;

    /// <inheritdoc />
    public override string ToString() => $"{Address} lladdr {LinkAddress?.ToString() ?? "none"} dev #{InterfaceIndex}";
}
