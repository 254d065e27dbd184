using System.Net;

namespace Calico.Routing.Bgp.Wire;

/// <summary>ORIGIN values (RFC 4271 §5.1.1).</summary>
internal enum BgpOrigin : byte
{
    Igp = 0,
    Egp = 1,
    Incomplete = 2,
}

/// <summary>One AS_PATH segment: AS_SET (1) or AS_SEQUENCE (2), or the confederation forms (3, 4).</summary>
internal sealed record AsPathSegment(byte Type, uint[] Asns)
{
    public const byte Set = 1;
    public const byte Sequence = 2;
    public const byte ConfedSequence = 3;
    public const byte ConfedSet = 4;
}

/// <summary>A large community (RFC 8092): global administrator, two local data parts.</summary>
internal readonly record struct LargeCommunity(uint Global, uint Local1, uint Local2)
{
    public override string ToString() => $"{Global}:{Local1}:{Local2}";
}

/// <summary>An attribute this speaker does not interpret but passes on (optional transitive) or keeps for diagnosis.</summary>
internal sealed record RawAttribute(byte Flags, byte Type, byte[] Value);

/// <summary>
/// The path attributes of a route. Immutable and shared by every prefix that arrived in the same UPDATE; the
/// <see cref="NextHop"/> is the family's next hop (NEXT_HOP for IPv4, the MP_REACH next hop for IPv6).
/// </summary>
internal sealed record PathAttributes
{
    public static readonly PathAttributes Empty = new();

    public BgpOrigin Origin { get; init; } = BgpOrigin.Igp;

    public AsPathSegment[] AsPath { get; init; } = [];

    public IPAddress? NextHop { get; init; }

    /// <summary>The IPv6 link-local next hop when MP_REACH carries two addresses.</summary>
    public IPAddress? NextHopLinkLocal { get; init; }

    public uint? Med { get; init; }

    public uint? LocalPref { get; init; }

    public bool AtomicAggregate { get; init; }

    public (uint As, uint Address)? Aggregator { get; init; }

    public uint[] Communities { get; init; } = [];

    public LargeCommunity[] LargeCommunities { get; init; } = [];

    public uint? OriginatorId { get; init; }

    public uint[] ClusterList { get; init; } = [];

    /// <summary>Unrecognised optional transitive attributes, passed on with the Partial bit set.</summary>
    public RawAttribute[] Unknown { get; init; } = [];

    /// <summary>The AS_PATH length for best-path selection: an AS_SET counts as one, confederation segments as zero.</summary>
    public int AsPathLength
    {
        get
        {
            var length = 0;
            foreach (var segment in AsPath)
            {
                length += segment.Type switch
                {
                    AsPathSegment.Sequence => segment.Asns.Length,
                    AsPathSegment.Set => 1,
                    _ => 0,
                };
            }

            return length;
        }
    }

    /// <summary>The neighbouring AS (the first AS of the first AS_SEQUENCE), 0 for a locally originated path.</summary>
    public uint NeighbourAs => AsPath.Length > 0 && AsPath[0].Type == AsPathSegment.Sequence && AsPath[0].Asns.Length > 0 ? AsPath[0].Asns[0] : 0;

    public bool AsPathContains(uint asn)
    {
        foreach (var segment in AsPath)
        {
            if (Array.IndexOf(segment.Asns, asn) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy with <paramref name="asn"/> prepended <paramref name="times"/> times to the leading AS_SEQUENCE.</summary>
    public PathAttributes Prepend(uint asn, int times = 1)
    {
        var prefix = Enumerable.Repeat(asn, times);
        if (AsPath.Length > 0 && AsPath[0].Type == AsPathSegment.Sequence && AsPath[0].Asns.Length + times <= 255)
        {
            var merged = new AsPathSegment(AsPathSegment.Sequence, [.. prefix, .. AsPath[0].Asns]);
            return this with { AsPath = [merged, .. AsPath[1..]] };
        }

        return this with { AsPath = [new AsPathSegment(AsPathSegment.Sequence, [.. prefix]), .. AsPath] };
    }

    public string AsPathText => string.Join(' ', AsPath.Select(s => s.Type == AsPathSegment.Sequence ? string.Join(' ', s.Asns) : "{" + string.Join(',', s.Asns) + "}"));
}
