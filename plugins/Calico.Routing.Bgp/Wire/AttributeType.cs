namespace Calico.Routing.Bgp.Wire;

/// <summary>Path attribute type codes and flag bits.</summary>
internal static class AttributeType
{
    public const byte Origin = 1;
    public const byte AsPath = 2;
    public const byte NextHop = 3;
    public const byte Med = 4;
    public const byte LocalPref = 5;
    public const byte AtomicAggregate = 6;
    public const byte Aggregator = 7;
    public const byte Communities = 8;
    public const byte OriginatorId = 9;
    public const byte ClusterList = 10;
    public const byte MpReach = 14;
    public const byte MpUnreach = 15;
    public const byte ExtendedCommunities = 16;
    public const byte As4Path = 17;
    public const byte As4Aggregator = 18;
    public const byte LargeCommunities = 32;

    public const byte FlagOptional = 0x80;
    public const byte FlagTransitive = 0x40;
    public const byte FlagPartial = 0x20;
    public const byte FlagExtendedLength = 0x10;

    /// <summary>The Optional and Transitive bits an attribute must carry, or null for a type this speaker does not know.</summary>
    public static byte? ExpectedFlags(byte type) => type switch
    {
        Origin or AsPath or NextHop or LocalPref or AtomicAggregate => FlagTransitive,
        Med or OriginatorId or ClusterList or MpReach or MpUnreach => FlagOptional,
        Aggregator or Communities or ExtendedCommunities or As4Path or As4Aggregator or LargeCommunities => FlagOptional | FlagTransitive,
        _ => null,
    };

    public static string Name(byte type) => type switch
    {
        Origin => "ORIGIN",
        AsPath => "AS_PATH",
        NextHop => "NEXT_HOP",
        Med => "MULTI_EXIT_DISC",
        LocalPref => "LOCAL_PREF",
        AtomicAggregate => "ATOMIC_AGGREGATE",
        Aggregator => "AGGREGATOR",
        Communities => "COMMUNITIES",
        OriginatorId => "ORIGINATOR_ID",
        ClusterList => "CLUSTER_LIST",
        MpReach => "MP_REACH_NLRI",
        MpUnreach => "MP_UNREACH_NLRI",
        ExtendedCommunities => "EXTENDED_COMMUNITIES",
        As4Path => "AS4_PATH",
        As4Aggregator => "AS4_AGGREGATOR",
        LargeCommunities => "LARGE_COMMUNITY",
        _ => "attribute " + type,
    };
}
