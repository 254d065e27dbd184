using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Routing.Direct;
using Calico.Routing.Ipip;
using Calico.Routing.Vxlan;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Node;

/// <summary>
/// Registers every routing plugin calico-node ships; the agent starts only those its configuration selects
/// (<c>CALICO_NETWORKING_BACKEND</c> and the pools' encapsulation). Device parameters come from the local
/// <c>FELIX_VXLANVNI</c>, <c>FELIX_VXLANPORT</c>, <c>FELIX_VXLANMTU</c>, <c>FELIX_IPIPMTU</c> settings. The BGP speaker
/// (<c>CALICO_NETWORKING_BACKEND=bird</c>) takes its AS number, mesh and peers from BGPConfiguration, BGPPeer,
/// BGPFilter and Node resources; <c>CALICO_ROUTER_ID</c> overrides the router id (default: the node's IPv4 address)
/// with an IPv4 address, or <c>hash</c> for one derived from the node name (CRC-32 of <c>NODENAME</c>, as Calico does
/// for IPv6-only nodes).
/// </summary>
internal static class RouterRegistration
{
    public static void AddRouters(ICalicoBuilder calico, IDictionary env)
    {
        calico.AddDirectRouting();
        calico.AddVxlanRouting(o =>
        {
            o.Vni = Int(env, "FELIX_VXLANVNI") ?? o.Vni;
            o.Port = Int(env, "FELIX_VXLANPORT") ?? o.Port;
            o.Mtu = Int(env, "FELIX_VXLANMTU") ?? o.Mtu;
        });
        calico.AddIpipRouting(o => o.Mtu = Int(env, "FELIX_IPIPMTU") ?? o.Mtu);
        calico.AddBgpRouting(o =>
        {
            // The agent owns the blackholes of the node's blocks (its protocol, 80): one owner per kernel route.
            o.InstallBlackholes = false;
            o.RouterId = RouterId(env) ?? o.RouterId;
        });
    }

    private static int? Int(IDictionary env, string name) =>
        env[name] is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    internal static IPAddress? RouterId(IDictionary env)
    {
        if (env["CALICO_ROUTER_ID"] is not string { Length: > 0 } text)
        {
            return null;
        }

        if (text == "hash")
        {
            var name = env["NODENAME"] as string is { Length: > 0 } n ? n : Environment.MachineName.ToLowerInvariant();
            var bytes = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, Crc32(System.Text.Encoding.UTF8.GetBytes(name)));
            return new IPAddress(bytes);
        }

        return IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : throw new FormatException("CALICO_ROUTER_ID '" + text + "' is not an IPv4 address or 'hash' (the BGP router id is a 32-bit IPv4-style identifier)");
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum Go's <c>crc32.ChecksumIEEE</c> computes.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
