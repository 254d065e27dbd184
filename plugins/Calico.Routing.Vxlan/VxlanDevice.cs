using System.Net;
using System.Net.NetworkInformation;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Calico.Routing.Vxlan;

/// <summary>What one VXLAN device (<c>vxlan.calico</c> or <c>vxlan-v6.calico</c>) should look like.</summary>
/// <param name="Name">The device name.</param>
/// <param name="Vni">The VNI.</param>
/// <param name="Port">The UDP port.</param>
/// <param name="Mtu">The configured MTU; 0 derives it from the underlay.</param>
/// <param name="NodeAddress">The node's underlay address of the device's family (the tunnel source).</param>
/// <param name="Mac">The device's VTEP MAC.</param>
/// <param name="TunnelAddress">The node's VXLAN tunnel address of that family, or null.</param>
internal sealed record VxlanDeviceSpec(string Name, int Vni, int Port, int Mtu, IPAddress NodeAddress, PhysicalAddress Mac, IPAddress? TunnelAddress);

/// <summary>A prepared VXLAN device: its ifindex, its underlay device's ifindex and the local underlay subnet.</summary>
/// <param name="Index">The device's ifindex.</param>
/// <param name="ParentIndex">The underlay device's ifindex.</param>
/// <param name="Subnet">The underlay subnet of the node address.</param>
internal sealed record VxlanDeviceState(int Index, int ParentIndex, IPNetwork Subnet);

/// <summary>
/// Keeps one VXLAN device in shape, the same way for both families: VNI, port, local address, parent device and
/// learning off (a mismatch recreates the device), MTU and MAC (repaired in place), administratively up, and
/// exactly the node's tunnel address as a /32 or /128 (IPv6 without duplicate address detection, so it is usable at
/// once; the kernel's link-local address is left alone).
/// </summary>
internal static class VxlanDevice
{
    internal static VxlanDeviceState Ensure(NetlinkRoute netlink, VxlanDeviceSpec spec, ILogger logger)
    {
        var family = spec.NodeAddress.AddressFamily;
        var underlay = Underlay.Find(netlink, spec.NodeAddress);
        var mtu = spec.Mtu != 0 ? spec.Mtu : TunnelMtu.FromUnderlay(underlay.Link.Mtu, Encapsulation.VxlanAlways, family);
        var wanted = new VxlanLink(spec.Name, (uint)spec.Vni)
        {
            Port = (ushort)spec.Port,
            Local = spec.NodeAddress,
            Learning = false,
            ParentIndex = underlay.Link.Index,
            Mtu = mtu,
            MacAddress = spec.Mac,
            Up = true,
        };
        var link = netlink.GetLink(spec.Name);
        if (link is not null && link.Kind != "vxlan")
        {
            throw new InvalidOperationException($"interface '{spec.Name}' exists as a {link.Kind ?? "kind-less"} device, not VXLAN; it is not the router's to replace");
        }

        if (link is not null && !Matches(link.Vxlan, wanted))
        {
            VxlanLog.Recreating(logger, spec.Name);
            netlink.DeleteLink(link.Index);
            link = null;
        }

        if (link is null)
        {
            link = netlink.AddLink(wanted);
        }
        else if (link.Mtu != mtu || !spec.Mac.Equals(link.MacAddress) || !link.IsUp)
        {
            netlink.SetLink(link.Index, new LinkSettings { Mtu = mtu, MacAddress = spec.Mac, Up = true });
        }

        SetTunnelAddress(netlink, link.Index, spec.NodeAddress.AddressFamily, spec.TunnelAddress);
        return new VxlanDeviceState(link.Index, underlay.Link.Index, underlay.Subnet);
    }

    /// <summary>Deletes the device when it exists as a VXLAN device (its family was turned off); returns whether it did.</summary>
    internal static bool Remove(NetlinkRoute netlink, string name)
    {
        var link = netlink.GetLink(name);
        if (link is null || link.Kind != "vxlan")
        {
            return false;
        }

        netlink.DeleteLink(link.Index);
        return true;
    }

    private static bool Matches(VxlanLink? have, VxlanLink want) =>
        have is not null && have.Vni == want.Vni && have.Port == want.Port && Equals(have.Local, want.Local)
        && !have.Learning && have.ParentIndex == want.ParentIndex;

    private static void SetTunnelAddress(NetlinkRoute netlink, int index, System.Net.Sockets.AddressFamily family, IPAddress? tunnel)
    {
        var host = family == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var present = netlink.GetAddresses(family, index).Where(a => !a.Address.IsIPv6LinkLocal).ToList();
        var batch = netlink.CreateBatch();
        foreach (var stale in present.Where(a => tunnel is null || !a.Address.Equals(tunnel) || a.PrefixLength != host))
        {
            batch.DeleteAddress(stale);
        }

        if (tunnel is not null && tunnel.AddressFamily == family && !present.Any(a => a.Address.Equals(tunnel) && a.PrefixLength == host))
        {
            batch.ReplaceAddress(new AddressInfo(index, tunnel, host) { NoDad = host == 128 });
        }

        batch.Execute();
    }
}
