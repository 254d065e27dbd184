using System.Net;
using System.Net.Sockets;

namespace Calico.Ctl.Commands;

/// <summary>Just enough CIDR arithmetic for <c>ipam show --ip</c> and <c>ipam split</c> (both families, as 128-bit integers).</summary>
internal readonly record struct Cidr(UInt128 Network, int Prefix, bool V6)
{
    public int Bits => V6 ? 128 : 32;

    public static bool TryParse(string text, out Cidr cidr)
    {
        cidr = default;
        if (!IPNetwork.TryParse(text, out var net))
        {
            return false;
        }

        cidr = new Cidr(ToInt(net.BaseAddress), net.PrefixLength, net.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6);
        return true;
    }

    public static UInt128 ToInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    public static IPAddress ToAddress(UInt128 value, bool v6)
    {
        var bytes = new byte[v6 ? 16 : 4];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xff);
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>The ordinal of <paramref name="address"/> inside this CIDR, or -1 when outside.</summary>
    public long OrdinalOf(IPAddress address)
    {
        if ((address.AddressFamily == AddressFamily.InterNetworkV6) != V6)
        {
            return -1;
        }

        var value = ToInt(address);
        var size = UInt128.One << (Bits - Prefix);
        return value >= Network && value - Network < size ? (long)(value - Network) : -1;
    }

    /// <summary>The <paramref name="parts"/> equal sub-CIDRs (a power of two).</summary>
    public IEnumerable<Cidr> Split(int parts)
    {
        var extra = System.Numerics.BitOperations.Log2((uint)parts);
        var step = UInt128.One << (Bits - Prefix - extra);
        for (var i = 0; i < parts; i++)
        {
            yield return new Cidr(Network + (step * (UInt128)i), Prefix + extra, V6);
        }
    }

    public override string ToString() => $"{ToAddress(Network, V6)}/{Prefix}";
}
