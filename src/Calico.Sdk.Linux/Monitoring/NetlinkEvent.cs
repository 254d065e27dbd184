namespace Calico.Sdk.Linux;

/// <summary>One change notification; exactly one of the object properties is set, matching <see cref="Kind"/>.</summary>
/// <param name="Kind">What changed.</param>
public sealed record NetlinkEvent(NetlinkEventKind Kind)
{
    /// <summary>The link, for NewLink/DeleteLink.</summary>
    public LinkInfo? Link { get; init; }

    /// <summary>The address, for NewAddress/DeleteAddress.</summary>
    public AddressInfo? Address { get; init; }

    /// <summary>The route, for NewRoute/DeleteRoute.</summary>
    public RouteInfo? Route { get; init; }
}
