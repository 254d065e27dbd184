using System.Net;

namespace Calico.Sdk.Linux;

/// <summary>An interface address (<c>ip addr add ADDRESS/PREFIX dev DEV</c>), IPv4 or IPv6.</summary>
/// <param name="InterfaceIndex">The ifindex of the device.</param>
/// <param name="Address">The local address.</param>
/// <param name="PrefixLength">The prefix length (0..32 or 0..128).</param>
public sealed record AddressInfo(int InterfaceIndex, IPAddress Address, int PrefixLength)
{
    /// <summary>The scope (0 global, 253 link, 254 host); null lets the kernel choose (as iproute2 does).</summary>
    public byte? Scope { get; init; }

    /// <summary>IFA_F_* flags reported by the kernel (e.g. 0x80 permanent, 0x40 tentative).</summary>
    public uint Flags { get; init; }

    /// <summary>For IPv6: skip duplicate address detection (IFA_F_NODAD) so the address is usable at once.</summary>
    public bool NoDad { get; init; }

    /// <summary>The IPv4 label (e.g. <c>eth0:1</c>), or null.</summary>
    public string? Label { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Address}/{PrefixLength} dev #{InterfaceIndex}";
}
