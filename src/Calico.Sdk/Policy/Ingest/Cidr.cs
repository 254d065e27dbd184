using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>CIDR parsing as Calico does it: bare addresses become /32 or /128, host bits are masked off.</summary>
internal static class Cidr
{
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!addressText.Contains('.', StringComparison.Ordinal) && !addressText.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            || prefix > bits))
        {
            return false;
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    public static IPNetwork Host(IPAddress address) =>
        new(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    public static bool IsHost(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    public static int Version(IPNetwork network) => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
