using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Calico.Sdk.Validation;

/// <summary>A parsed CIDR (address + prefix length) with the strict parsing rules the validator needs.</summary>
internal readonly partial record struct IPNet(IPAddress Address, int PrefixLength)
{
    public bool IsV4 => Address.AddressFamily == AddressFamily.InterNetwork;

    public int Bits => IsV4 ? 32 : 128;

    public int Version => IsV4 ? 4 : 6;

    /// <summary>The address with host bits cleared.</summary>
    public IPNet Masked => new(MaskAddress(Address, PrefixLength), PrefixLength);

    /// <summary>Whether the host bits are all zero.</summary>
    public bool IsMasked => Masked.Address.Equals(Address);

    /// <summary>Parses an address in strict dotted-quad (IPv4) or colon (IPv6) form, without a zone.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return DottedQuad().IsMatch(text) && IPAddress.TryParse(text, out address!);
    }

    /// <summary>Parses <c>addr/len</c>; with <paramref name="allowBareAddress"/>, a bare address means /32 or /128.</summary>
    public static bool TryParse(string? text, bool allowBareAddress, out IPNet net)
    {
        net = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!allowBareAddress || !TryParseAddress(text, out var bare))
            {
                return false;
            }

            net = new IPNet(bare, bare.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        if (!TryParseAddress(text[..slash], out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (length > max || (slash + 1 < text.Length - 1 && text[slash + 1] == '0'))
        {
            return false;
        }

        net = new IPNet(address, length);
        return true;
    }

    /// <summary>Whether two networks share any address (one contains the other).</summary>
    public bool Overlaps(IPNet other)
    {
        if (IsV4 != other.IsV4)
        {
            return false;
        }

        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        return MaskAddress(Address, shorter).Equals(MaskAddress(other.Address, shorter));
    }

    /// <summary>Whether <paramref name="other"/> lies entirely inside this network.</summary>
    public bool Contains(IPNet other) =>
        IsV4 == other.IsV4 && other.PrefixLength >= PrefixLength && MaskAddress(other.Address, PrefixLength).Equals(Masked.Address);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");

    private static IPAddress MaskAddress(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }

        return new IPAddress(bytes);
    }

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();
}
