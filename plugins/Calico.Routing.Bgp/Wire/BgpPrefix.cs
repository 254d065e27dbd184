using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Routing.Bgp.Wire;

/// <summary>An IPv4 or IPv6 prefix held as a 128-bit value (host bits always zero), cheap to hash and copy.</summary>
internal readonly record struct BgpPrefix
{
    public BgpPrefix(BgpFamily family, UInt128 bits, int length)
    {
        Family = family;
        Length = (byte)length;
        var width = family.MaxPrefixLength();
        var mask = length == 0 ? UInt128.Zero : (UInt128.MaxValue << (width - length)) & (width == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue);
        Bits = bits & mask;
    }

    public BgpFamily Family { get; }

    /// <summary>The address, right-aligned for IPv4 (a 32-bit value) and the full 128 bits for IPv6.</summary>
    public UInt128 Bits { get; }

    public byte Length { get; }

    public int ByteCount => (Length + 7) / 8;

    public static BgpPrefix FromNetwork(IPNetwork network)
    {
        Span<byte> bytes = stackalloc byte[16];
        network.BaseAddress.TryWriteBytes(bytes, out var written);
        return written == 4
            ? new BgpPrefix(BgpFamily.IPv4Unicast, BinaryPrimitives.ReadUInt32BigEndian(bytes), network.PrefixLength)
            : new BgpPrefix(BgpFamily.IPv6Unicast, BinaryPrimitives.ReadUInt128BigEndian(bytes), network.PrefixLength);
    }

    public static BgpPrefix Parse(string text) => FromNetwork(IPNetwork.Parse(text));

    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            if (Family == BgpFamily.IPv4Unicast)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
                return new IPAddress(bytes[..4]);
            }

            BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
            return new IPAddress(bytes);
        }
    }

    public IPNetwork ToNetwork() => new(Address, Length);

    public AddressFamily AddressFamily => Family == BgpFamily.IPv4Unicast ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    /// <summary>Whether <paramref name="other"/> lies inside this prefix (or equals it).</summary>
    public bool Contains(BgpPrefix other)
    {
        if (other.Family != Family || other.Length < Length)
        {
            return false;
        }

        return new BgpPrefix(Family, other.Bits, Length).Bits == Bits;
    }

    /// <summary>Writes the NLRI encoding: length octet then the significant address octets.</summary>
    public int WriteNlri(Span<byte> destination)
    {
        destination[0] = Length;
        Span<byte> full = stackalloc byte[16];
        if (Family == BgpFamily.IPv4Unicast)
        {
            BinaryPrimitives.WriteUInt32BigEndian(full, (uint)Bits);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(full, Bits);
        }

        full[..ByteCount].CopyTo(destination[1..]);
        return 1 + ByteCount;
    }

    public override string ToString() => Address + "/" + Length.ToString(CultureInfo.InvariantCulture);
}
