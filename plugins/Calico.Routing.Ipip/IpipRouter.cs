using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Ipip;

/// <summary>The <c>ipip</c> router: keeps <c>tunl0</c> up with the node's tunnel address and routes remote IPIP blocks through it.</summary>
internal sealed class IpipRouter : KernelRouter
{
    private readonly IpipRoutingOptions _options;
    private IpipDevices? _devices;

    internal IpipRouter(IpipRoutingOptions options, ILogger<IpipRouter>? logger)
        : base(Open(options), (RouteProtocol)options.RouteProtocol, logger)
    {
        _options = options;
    }

    /// <inheritdoc />
    public override string Name => "ipip";

    protected override IReadOnlyList<int> PrepareDevices(RoutingNode localNode)
    {
        var address = localNode.IPv4Address
            ?? throw new InvalidOperationException($"node {localNode.Name} has no IPv4 address: IP-in-IP needs the node's underlay address");
        var underlay = Underlay.Find(Netlink, address);
        var mtu = _options.Mtu != 0 ? _options.Mtu : TunnelMtu.FromUnderlay(underlay.Link.Mtu, Encapsulation.IpipAlways);
        var index = IpipDevice.Ensure(Netlink, mtu, localNode.IpipTunnelAddress);
        _devices = new IpipDevices(index, underlay.Link.Index, localNode.IPv4Subnet ?? underlay.Subnet, Protocol);

        // Routes through tunl0 are owned, but the device is the kernel's: its entries are not the router's to read.
        return [];
    }

    protected override KernelRoutingState Plan(RoutingState state) => IpipPlanner.Plan(state, _devices!);

    private static NetlinkRoute Open(IpipRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(IpipRoutingOptions), problems);
        }

        return options.Namespace is null ? NetlinkRoute.Open() : NetlinkRoute.Open(options.Namespace);
    }
}
