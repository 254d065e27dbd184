using System.Net.NetworkInformation;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Vxlan;

/// <summary>
/// The <c>vxlan</c> router: keeps <c>vxlan.calico</c> and, for a node with an IPv6 VXLAN tunnel address,
/// <c>vxlan-v6.calico</c> (VNI, port, local address, parent device, VTEP MAC, MTU and tunnel address) in shape and
/// programs VTEP entries and remote-block routes of both families through <see cref="KernelRouter"/>.
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

    protected override IReadOnlyList<int> PrepareDevices(RoutingNode localNode)
    {
        var v6Wanted = localNode.IPv6Address is not null && localNode.VxlanTunnelAddressV6 is not null;
        if (localNode.IPv4Address is null && !v6Wanted)
        {
            throw new InvalidOperationException(
                $"node {localNode.Name} has no IPv4 address (and no IPv6 address with an IPv6 VXLAN tunnel address): VXLAN needs the node's underlay address as the tunnel source");
        }

        VxlanDeviceState? v4 = null;
        if (localNode.IPv4Address is { } a4)
        {
            v4 = VxlanDevice.Ensure(Netlink, new VxlanDeviceSpec(_options.DeviceName, _options.Vni, _options.Port, _options.Mtu, a4,
                Mac(localNode.VxlanTunnelMac, () => VtepMac.Derive(localNode.Name)), localNode.VxlanTunnelAddress), Logger);
        }
        else if (VxlanDevice.Remove(Netlink, _options.DeviceName))
        {
            VxlanLog.Removed(Logger, _options.DeviceName, "the node has no IPv4 address");
        }

        // vxlan-v6.calico exists only while the node takes part in IPv6 VXLAN (it has an IPv6 VXLAN tunnel address).
        VxlanDeviceState? v6 = null;
        if (v6Wanted)
        {
            v6 = VxlanDevice.Ensure(Netlink, new VxlanDeviceSpec(_options.DeviceNameV6, _options.Vni, _options.Port, _options.MtuV6, localNode.IPv6Address!,
                Mac(localNode.VxlanTunnelMacV6, () => VtepMac.DeriveV6(localNode.Name)), localNode.VxlanTunnelAddressV6), Logger);
        }
        else if (VxlanDevice.Remove(Netlink, _options.DeviceNameV6))
        {
            VxlanLog.Removed(Logger, _options.DeviceNameV6, "the node has no IPv6 address or IPv6 VXLAN tunnel address");
        }

        _devices = new VxlanDevices(v4?.Index ?? 0, v4?.ParentIndex ?? 0, localNode.IPv4Subnet ?? v4?.Subnet, Protocol)
        {
            V6Index = v6?.Index ?? 0,
            V6ParentIndex = v6?.ParentIndex ?? 0,
            V6LocalSubnet = v6?.Subnet,
        };
        return [.. new[] { _devices.VxlanIndex, _devices.V6Index }.Where(i => i > 0)];
    }

    protected override KernelRoutingState Plan(RoutingState state) =>
        VxlanPlanner.Plan(state, _devices!, message => VxlanLog.Skipped(Logger, message));

    private static PhysicalAddress Mac(string? stored, Func<PhysicalAddress> derive) =>
        stored is { Length: > 0 } text ? VtepMac.Parse(text) : derive();

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
