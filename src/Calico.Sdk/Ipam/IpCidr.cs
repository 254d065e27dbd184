using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Sdk.Ipam;

/// <summary>
/// An IPv4 or IPv6 prefix held as a 128-bit integer, so that pool, block and ordinal arithmetic is the same for
/// both families (an IPv4 address is its 32-bit value; the family is carried separately).
/// </summary>
internal readonly record struct IpCidr
{
    private IpCidr(UInt128 network, int prefixLength, bool isV6)
    {
        Network = network;
        PrefixLength = prefixLength;
        IsV6 = isV6;
    }

    /// <summary>The first address of the prefix.</summary>
    public UInt128 Network { get; }

    /// <summary>The prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>Whether this is an IPv6 prefix.</summary>
    public bool IsV6 { get; }

    /// <summary>32 or 128.</summary>
    public int AddressBits => IsV6 ? 128 : 32;

    /// <summary>The number of host bits.</summary>
    public int HostBits => AddressBits - PrefixLength;

    /// <summary>The number of addresses, as a 128-bit integer (2^128 does not fit, so ::/0 reports <see cref="UInt128.MaxValue"/>).</summary>
    public UInt128 Size => HostBits >= 128 ? UInt128.MaxValue : UInt128.One << HostBits;

    /// <summary>The last address of the prefix.</summary>
    public UInt128 Last => Network | HostMask(HostBits);

    /// <summary>Creates a prefix; the address must be masked to the prefix length.</summary>
    public static IpCidr Create(UInt128 network, int prefixLength, bool isV6)
    {
        var bits = isV6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > bits)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"prefix length must be 0..{bits}");
        }

        if (!isV6 && network > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(network), "an IPv4 address must fit in 32 bits");
        }

        if ((network & HostMask(bits - prefixLength)) != UInt128.Zero)
        {
            throw new ArgumentException($"{Format(network, isV6)}/{prefixLength} has host bits set", nameof(network));
        }

        return new IpCidr(network, prefixLength, isV6);
    }

    /// <summary>Parses <c>a.b.c.d/n</c> or <c>x::y/n</c>; a bare address is a /32 or /128. Host bits must be clear.</summary>
    public static IpCidr Parse(string text)
    {
        if (!TryParse(text, out var cidr, out var error))
        {
            throw new FormatException(error);
        }

        return cidr;
    }

    /// <summary>Parses a CIDR, reporting why it is invalid.</summary>
    public static bool TryParse(string? text, out IpCidr cidr, out string error)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "CIDR is empty";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        // IPAddress.TryParse also accepts legacy IPv4 forms ("10.1", "0x0a.1.2.3"); CIDRs need the dotted quad.
        var dottedQuad = addressText.Contains(':', StringComparison.Ordinal)
            || (addressText.Count(c => c == '.') == 3 && addressText.All(c => char.IsAsciiDigit(c) || c == '.') && addressText.Split('.').All(p => p.Length is > 0 and <= 3));
        if (!dottedQuad || addressText.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(addressText, out var address))
        {
            error = $"'{text}' is not a valid CIDR: '{addressText}' is not an IP address";
            return false;
        }

        var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bits = isV6 ? 128 : 32;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            error = $"'{text}' is not a valid CIDR: the prefix length must be 0..{bits}";
            return false;
        }

        var value = ToUInt128(address);
        if ((value & HostMask(bits - prefix)) != UInt128.Zero)
        {
            error = $"'{text}' is not a valid CIDR: host bits are set (did you mean {Format(value & ~HostMask(bits - prefix), isV6)}/{prefix}?)";
            return false;
        }

        cidr = new IpCidr(value, prefix, isV6);
        error = string.Empty;
        return true;
    }

    /// <summary>Converts an address to its integer value (IPv4-mapped IPv6 addresses stay IPv6).</summary>
    public static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("address could not be encoded", nameof(address));
        }

        UInt128 value = UInt128.Zero;
        for (var i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    /// <summary>Converts an integer value back to an address of the family.</summary>
    public static IPAddress ToAddress(UInt128 value, bool isV6)
    {
        if (!isV6)
        {
            var v4 = (uint)value;
            return new IPAddress([(byte)(v4 >> 24), (byte)(v4 >> 16), (byte)(v4 >> 8), (byte)v4]);
        }

        var bytes = new byte[16];
        for (var i = 15; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <summary>A mask of the low <paramref name="hostBits"/> bits.</summary>
    public static UInt128 HostMask(int hostBits) => hostBits <= 0 ? UInt128.Zero : hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - UInt128.One;

    /// <summary>Whether an address of this family lies inside the prefix.</summary>
    public bool Contains(UInt128 address) => address >= Network && address <= Last;

    /// <summary>Whether an address lies inside the prefix.</summary>
    public bool Contains(IPAddress address) =>
        (address.AddressFamily == AddressFamily.InterNetworkV6) == IsV6 && Contains(ToUInt128(address));

    /// <summary>Whether <paramref name="other"/> lies wholly inside this prefix.</summary>
    public bool Contains(IpCidr other) => other.IsV6 == IsV6 && other.PrefixLength >= PrefixLength && Contains(other.Network);

    /// <summary>Whether the two prefixes share any address.</summary>
    public bool Overlaps(IpCidr other) => other.IsV6 == IsV6 && Network <= other.Last && other.Network <= Last;

    /// <summary>The <paramref name="index"/>-th address of the prefix.</summary>
    public UInt128 AddressAt(UInt128 index) => Network + index;

    /// <summary>The address as an <see cref="IPAddress"/>.</summary>
    public IPAddress NetworkAddress => ToAddress(Network, IsV6);

    /// <inheritdoc />
    public override string ToString() => $"{Format(Network, IsV6)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Formats an integer address of the family.</summary>
    public static string Format(UInt128 value, bool isV6) => ToAddress(value, isV6).ToString();
}
