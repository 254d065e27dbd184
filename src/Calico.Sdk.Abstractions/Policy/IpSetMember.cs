using System.Globalization;
using System.Net;

namespace Calico.Sdk.Policy;

/// <summary>One IP set member: a CIDR, or for named-port sets a host address with a protocol and port.</summary>
/// <param name="Network">The CIDR (host addresses are /32 or /128).</param>
/// <param name="Protocol">0 for <see cref="IpSetKind.Net"/> members; the IP protocol number for named-port members.</param>
/// <param name="Port">0 for <see cref="IpSetKind.Net"/> members; the port for named-port members.</param>
public readonly record struct IpSetMember(IPNetwork Network, byte Protocol = 0, ushort Port = 0) : IComparable<IpSetMember>
{
    /// <summary>Orders by address family, address bytes, prefix length, protocol, port.</summary>
    /// <param name="other">The other member.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(IpSetMember other)
    {
        var a = Network.BaseAddress;
        var b = other.Network.BaseAddress;
        var c = a.AddressFamily.CompareTo(b.AddressFamily);
        if (c != 0)
        {
            return c;
        }

        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out var n);
        b.TryWriteBytes(y, out _);
        c = x[..n].SequenceCompareTo(y[..n]);
        if (c == 0)
        {
            c = Network.PrefixLength.CompareTo(other.Network.PrefixLength);
        }

        if (c == 0)
        {
            c = Protocol.CompareTo(other.Protocol);
        }

        return c != 0 ? c : Port.CompareTo(other.Port);
    }

    /// <summary><c>10.0.0.1/32</c> or <c>10.0.0.1/32,6:80</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Protocol == 0
        ? Network.ToString()
        : string.Create(CultureInfo.InvariantCulture, $"{Network},{Protocol}:{Port}");
}
