using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Calico.Routing.Direct;

/// <summary>The <c>noencap</c> router: routes to remote blocks via node addresses; owns no device.</summary>
internal sealed class DirectRouter : KernelRouter
{
    private DirectDevices? _devices;

    internal DirectRouter(DirectRoutingOptions options, ILogger<DirectRouter>? logger)
        : base(Open(options), (RouteProtocol)options.RouteProtocol, logger)
    {
    }

    /// <inheritdoc />
    public override string Name => "noencap";

    protected override IReadOnlyList<int> PrepareDevices(RoutingNode localNode)
    {
        if (localNode.IPv4Address is null && localNode.IPv6Address is null)
        {
            throw new InvalidOperationException($"node {localNode.Name} has no IPv4 or IPv6 address: no-encap routing needs the node's underlay address");
        }

        var v4 = localNode.IPv4Address is { } a4 ? Underlay.Find(Netlink, a4) : null;
        var v6 = localNode.IPv6Address is { } a6 ? Underlay.Find(Netlink, a6) : null;
        _devices = new DirectDevices(v4?.Link.Index ?? 0, localNode.IPv4Subnet ?? v4?.Subnet, v6?.Link.Index ?? 0, v6?.Subnet, Protocol);
        return [];
    }

    protected override KernelRoutingState Plan(RoutingState state) =>
        DirectPlanner.Plan(state, _devices!, message => DirectLog.Skipped(Logger, message));

    private static NetlinkRoute Open(DirectRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DirectRoutingOptions), problems);
        }

        return options.Namespace is null ? NetlinkRoute.Open() : NetlinkRoute.Open(options.Namespace);
    }
}
