using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Vxlan;

/// <summary>
/// The <c>vxlan</c> router: keeps <c>vxlan.calico</c> (VNI, port, local address, parent device, VTEP MAC, MTU and
/// tunnel address) in shape and programs VTEP entries and remote-block routes through <see cref="KernelRouter"/>.
/// </summary>
internal sealed class VxlanRouter : KernelRouter
{
    private readonly VxlanRoutingOptions _options;
    private VxlanDevices? _devices;

    internal VxlanRouter(VxlanRoutingOptions options, ILogger<VxlanRouter>? logger)
        : base(Open(options), (RouteProtocol)options.RouteProtocol, logger)
    {
        _options = options;
    }

    /// <inheritdoc />
    public override string Name => "vxlan";

    /// <summary>The device facts the last preparation found (tests).</summary>
    internal VxlanDevices? Devices => _devices;

    protected override int PrepareDevices(RoutingNode localNode)
    {
        var address = localNode.IPv4Address
            ?? throw new InvalidOperationException($"node {localNode.Name} has no IPv4 address: VXLAN needs the node's underlay address as the tunnel source");
        var underlay = Underlay.Find(Netlink, address);
        var mtu = _options.Mtu != 0 ? _options.Mtu : TunnelMtu.FromUnderlay(underlay.Link.Mtu, Encapsulation.VxlanAlways);
        var mac = localNode.VxlanTunnelMac is { Length: > 0 } text ? VtepMac.Parse(text) : VtepMac.Derive(localNode.Name);
        var wanted = new VxlanLink(_options.DeviceName, (uint)_options.Vni)
        {
            Port = (ushort)_options.Port,
            Local = address,
            Learning = false,
            ParentIndex = underlay.Link.Index,
            Mtu = mtu,
            MacAddress = mac,
            Up = true,
        };
        var link = Netlink.GetLink(_options.DeviceName);
        if (link is not null && link.Kind != "vxlan")
        {
            throw new InvalidOperationException($"interface '{_options.DeviceName}' exists as a {link.Kind ?? "kind-less"} device, not VXLAN; it is not the router's to replace");
        }

        if (link is not null && !Matches(link.Vxlan, wanted))
        {
            VxlanLog.Recreating(Logger, _options.DeviceName);
            Netlink.DeleteLink(link.Index);
            link = null;
        }

        if (link is null)
        {
            link = Netlink.AddLink(wanted);
        }
        else if (link.Mtu != mtu || !mac.Equals(link.MacAddress) || !link.IsUp)
        {
            Netlink.SetLink(link.Index, new LinkSettings { Mtu = mtu, MacAddress = mac, Up = true });
        }

        SetTunnelAddress(link.Index, localNode.VxlanTunnelAddress);
        _devices = new VxlanDevices(link.Index, underlay.Link.Index, localNode.IPv4Subnet ?? underlay.Subnet, Protocol);
        return link.Index;
    }

    protected override KernelRoutingState Plan(RoutingState state) =>
        VxlanPlanner.Plan(state, _devices!, message => VxlanLog.Skipped(Logger, message));

    private static bool Matches(VxlanLink? have, VxlanLink want) =>
        have is not null && have.Vni == want.Vni && have.Port == want.Port && Equals(have.Local, want.Local)
        && !have.Learning && have.ParentIndex == want.ParentIndex;

    /// <summary>The device carries exactly the node's VXLAN tunnel address as a /32 (none when it has none).</summary>
    private void SetTunnelAddress(int index, IPAddress? tunnel)
    {
        var present = Netlink.GetAddresses(AddressFamily.InterNetwork, index);
        var batch = Netlink.CreateBatch();
        foreach (var stale in present.Where(a => tunnel is null || !a.Address.Equals(tunnel) || a.PrefixLength != 32))
        {
            batch.DeleteAddress(stale);
        }

        if (tunnel is { AddressFamily: AddressFamily.InterNetwork } && !present.Any(a => a.Address.Equals(tunnel) && a.PrefixLength == 32))
        {
            batch.ReplaceAddress(new AddressInfo(index, tunnel, 32));
        }

        batch.Execute();
    }

    private static NetlinkRoute Open(VxlanRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(VxlanRoutingOptions), problems);
        }

        return options.Namespace is null ? NetlinkRoute.Open() : NetlinkRoute.Open(options.Namespace);
    }
}
