using System.Net;

namespace Calico.Sdk.Linux;

/// <summary>One path of a multipath route (<c>nexthop via GW dev DEV weight W [onlink]</c>).</summary>
/// <param name="Gateway">The gateway, or null for a direct path.</param>
/// <param name="InterfaceIndex">The output ifindex, or 0.</param>
public sealed record RouteNextHop(IPAddress? Gateway, int InterfaceIndex)
{
    /// <summary>The relative weight, 1..256.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Treat the gateway as on-link even without a matching connected route.</summary>
    public bool OnLink { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"nexthop{(Gateway is null ? string.Empty : " via " + Gateway)}{(InterfaceIndex == 0 ? string.Empty : " dev #" + InterfaceIndex)} weight {Weight}{(OnLink ? " onlink" : string.Empty)}";
}
