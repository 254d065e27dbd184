using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Rib;

/// <summary>Where a path came from: a peer (with what the path selection needs to know) or this node.</summary>
internal sealed record PathSource(string Key, uint RouterId, System.Net.IPAddress Address, bool Internal, bool RouteReflectorClient)
{
    public static readonly PathSource Local = new("local", 0, System.Net.IPAddress.Any, false, false);

    public bool IsLocal => ReferenceEquals(this, Local);
}

/// <summary>One path for a prefix in the Loc-RIB.</summary>
/// <param name="Source">Who sent it.</param>
/// <param name="Attributes">Its attributes after import policy.</param>
internal sealed record RibPath(PathSource Source, PathAttributes Attributes)
{
    /// <summary>Kept for a restarting peer (RFC 4724) until its End-of-RIB or the restart time ends.</summary>
    public bool Stale { get; init; }

    /// <summary>A local block this node keeps a blackhole for.</summary>
    public bool Blackhole { get; init; }
}
