using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

namespace Calico.Routing.Ipip;

/// <summary>
/// Keeps <c>tunl0</c> in shape: created when missing (with the ipip module loaded the kernel already has it), up,
/// with the configured MTU and exactly the node's IPIP tunnel address as a /32.
/// </summary>
internal static class IpipDevice
{
    /// <summary>The link to create when the kernel has no <c>tunl0</c>: point-to-multipoint (no local or remote).</summary>
    internal static IpipLink Spec(int mtu) => new(IpipRoutingOptions.DeviceName) { Mtu = mtu, Up = true };

    /// <summary>The repair of an existing device: the MTU, administratively up.</summary>
    internal static LinkSettings Repair(int mtu) => new() { Mtu = mtu, Up = true };

    /// <summary>The node's tunnel address on the device.</summary>
    internal static AddressInfo TunnelAddress(int index, IPAddress address) => new(index, address, 32);

    /// <summary>Creates or repairs the device; returns its ifindex.</summary>
    /// <exception cref="NotSupportedException">The kernel has no ipip support.</exception>
    internal static int Ensure(NetlinkRoute netlink, int mtu, IPAddress? tunnelAddress)
    {
        var link = netlink.GetLink(IpipRoutingOptions.DeviceName);
        if (link is not null && link.Kind is not (null or "ipip"))
        {
            throw new InvalidOperationException($"interface '{IpipRoutingOptions.DeviceName}' exists as a {link.Kind} device, not IP-in-IP; it is not the router's to replace");
        }

        if (link is null)
        {
            try
            {
                link = netlink.AddLink(Spec(mtu));
            }
            catch (NetlinkException error) when (error.Errno == 95) // EOPNOTSUPP: "Unknown device type"
            {
                throw new NotSupportedException($"the kernel has no IP-in-IP support (creating {IpipRoutingOptions.DeviceName} failed: {error.Message}); load the ipip module or use VXLAN", error);
            }
        }
        else if (link.Mtu != mtu || !link.IsUp)
        {
            netlink.SetLink(link.Index, Repair(mtu));
        }

        var present = netlink.GetAddresses(AddressFamily.InterNetwork, link.Index);
        var batch = netlink.CreateBatch();
        foreach (var stale in present.Where(a => tunnelAddress is null || !a.Address.Equals(tunnelAddress) || a.PrefixLength != 32))
        {
            batch.DeleteAddress(stale);
        }

        if (tunnelAddress is { AddressFamily: AddressFamily.InterNetwork } && !present.Any(a => a.Address.Equals(tunnelAddress) && a.PrefixLength == 32))
        {
            batch.ReplaceAddress(TunnelAddress(link.Index, tunnelAddress));
        }

        batch.Execute();
        return link.Index;
    }
}
