using System.Globalization;
using System.Net;
using System.Text;

namespace Calico.Sdk.Linux;

/// <summary>
/// A route (<c>ip route add|replace|del [TYPE] PREFIX [via GW] [dev DEV] [table T] [proto P] [scope S] [metric M]
/// [onlink] [nexthop ...]</c>). Used both to request changes and to report routes read back.
/// </summary>
/// <param name="Destination">The destination prefix (0.0.0.0/0 or ::/0 for a default route).</param>
public sealed record RouteInfo(IPNetwork Destination)
{
    /// <summary>The main routing table (RT_TABLE_MAIN).</summary>
    public const uint MainTable = 254;

    /// <summary>The gateway, or null for a direct or non-unicast route.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>The output ifindex, or 0.</summary>
    public int OutputInterface { get; init; }

    /// <summary>The table id (254 main, 255 local, anything up to 2^32-1).</summary>
    public uint Table { get; init; } = MainTable;

    /// <summary>The scope; null applies iproute2's rule (link for unicast without gateway, else universe; any
    /// scope in a delete).</summary>
    public RouteScope? Scope { get; init; }

    /// <summary>The protocol tag (iproute2 default: boot).</summary>
    public RouteProtocol Protocol { get; init; } = RouteProtocol.Boot;

    /// <summary>The type (unicast, blackhole, unreachable, ...). In a delete, unicast (the default) matches any type,
    /// as with a plain <c>ip route del</c>.</summary>
    public RouteType Type { get; init; } = RouteType.Unicast;

    /// <summary>The metric (RTA_PRIORITY), or null (0).</summary>
    public uint? Metric { get; init; }

    /// <summary>Treat the gateway as on-link (RTNH_F_ONLINK).</summary>
    public bool OnLink { get; init; }

    /// <summary>The preferred source address (RTA_PREFSRC), or null.</summary>
    public IPAddress? PreferredSource { get; init; }

    /// <summary>The paths of a multipath route; empty for a single-path route.</summary>
    public IReadOnlyList<RouteNextHop> NextHops { get; init; } = [];

    /// <summary>Value equality including the next hops' contents.</summary>
    /// <param name="other">The other route.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(RouteInfo? other) =>
        other is not null && Destination.Equals(other.Destination) && Equals(Gateway, other.Gateway)
        && OutputInterface == other.OutputInterface && Table == other.Table && Scope == other.Scope
        && Protocol == other.Protocol && Type == other.Type && Metric == other.Metric && OnLink == other.OnLink
        && Equals(PreferredSource, other.PreferredSource) && NextHops.SequenceEqual(other.NextHops);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Destination, Gateway, OutputInterface, Table, Type, Metric);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Type != RouteType.Unicast)
        {
            text.Append(Type.ToString().ToLowerInvariant()).Append(' ');
        }

        text.Append(Destination.ToString());
        if (Gateway is not null)
        {
            text.Append(" via ").Append(Gateway);
        }

        if (OutputInterface != 0)
        {
            text.Append(" dev #").Append(OutputInterface);
        }

        text.Append(" table ").Append(Table.ToString(CultureInfo.InvariantCulture));
        if (Metric is { } metric)
        {
            text.Append(" metric ").Append(metric.ToString(CultureInfo.InvariantCulture));
        }

        if (OnLink)
        {
            text.Append(" onlink");
        }

        foreach (var hop in NextHops)
        {
            text.Append(' ').Append(hop);
        }

        return text.ToString();
    }
}
