using System.Net.NetworkInformation;
using System.Text;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Sdk.Linux.Routing;

/// <summary>
/// Stable VXLAN tunnel (VTEP) MAC addresses derived from the node name, as Calico does when the Node resource has
/// no <c>vxlanTunnelMACAddr</c>: <c>66</c> followed by the first five bytes of SHA-1 of the name (for the IPv6
/// device, of the name plus <c>-v6</c>). <c>0x66</c> is unicast and locally administered, so the address never
/// collides with a vendor-assigned MAC, and every node computes the same MAC for a peer without asking it.
/// </summary>
public static class VtepMac
{
    /// <summary>The first byte of every derived MAC.</summary>
    public const byte Prefix = 0x66;

    /// <summary>The MAC of a node's IPv4 VXLAN device (<c>vxlan.calico</c>).</summary>
    /// <param name="nodeName">The node name.</param>
    /// <returns>The MAC.</returns>
    public static PhysicalAddress Derive(string nodeName) => Hash(nodeName, string.Empty);

    /// <summary>The MAC of a node's IPv6 VXLAN device (<c>vxlan-v6.calico</c>).</summary>
    /// <param name="nodeName">The node name.</param>
    /// <returns>The MAC.</returns>
    public static PhysicalAddress DeriveV6(string nodeName) => Hash(nodeName, "-v6");

    /// <summary>Parses a MAC as Calico stores it (<c>66:a1:b2:c3:d4:e5</c>; dashes and bare hex also accepted).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The MAC.</returns>
    /// <exception cref="FormatException">Not six hex bytes, or a multicast address (cannot be a VTEP).</exception>
    public static PhysicalAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 12 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"VTEP MAC '{text}' is not six hex bytes (expected e.g. 66:a1:b2:c3:d4:e5)");
        }

        var bytes = Convert.FromHexString(hex);
        if ((bytes[0] & 1) != 0)
        {
            throw new FormatException($"VTEP MAC '{text}' is a multicast address");
        }

        return new PhysicalAddress(bytes);
    }

    private static PhysicalAddress Hash(string nodeName, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        var digest = Sha1.Hash(Encoding.UTF8.GetBytes(nodeName + suffix));
        var mac = new byte[6];
        mac[0] = Prefix;
        digest.AsSpan(0, 5).CopyTo(mac.AsSpan(1));
        return new PhysicalAddress(mac);
    }
}
