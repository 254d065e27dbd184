using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Resources;

namespace Calico.Routing.Bgp.Policy;

/// <summary>A compiled BGPFilter rule (Calico §7.4): match fields, an action and, on accept, operations.</summary>
internal sealed record FilterRule(bool Accept)
{
    public BgpPrefix? Cidr { get; init; }

    public string MatchOperator { get; init; } = "Equal";

    public int MinLength { get; init; }

    public int MaxLength { get; init; } = 128;

    public bool RemotePeersOnly { get; init; }

    /// <summary>Interface rules match kernel routes; a BGP route has no interface, so they never match here.</summary>
    public bool InterfaceRule { get; init; }

    public bool? ExternalPeer { get; init; }

    public IReadOnlyList<string> Communities { get; init; } = [];

    public IReadOnlyList<uint> AsPathPrefix { get; init; } = [];

    public IReadOnlyList<string> AddCommunities { get; init; } = [];

    public IReadOnlyList<uint> Prepend { get; init; } = [];

    public static FilterRule Compile(BGPFilterRule rule, BgpFamily family)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var cidr = rule.Cidr is null ? (BgpPrefix?)null : BgpPrefix.Parse(rule.Cidr);
        var max = family.MaxPrefixLength();
        return new FilterRule(string.Equals(rule.Action, "Accept", StringComparison.Ordinal))
        {
            Cidr = cidr,
            MatchOperator = rule.MatchOperator ?? "Equal",
            MinLength = rule.PrefixLength?.Min ?? cidr?.Length ?? 0,
            MaxLength = rule.PrefixLength?.Max ?? max,
            RemotePeersOnly = string.Equals(rule.Source, "RemotePeers", StringComparison.Ordinal),
            InterfaceRule = !string.IsNullOrEmpty(rule.Interface),
            ExternalPeer = rule.PeerType switch { "eBGP" => true, "iBGP" => false, _ => null },
            Communities = rule.Communities?.Values?.ToArray() ?? [],
            AsPathPrefix = rule.AsPathPrefix?.Select(a => a.Value).ToArray() ?? [],
            AddCommunities = rule.Operations?.Where(o => o.AddCommunity?.Value is not null).Select(o => o.AddCommunity!.Value!).ToArray() ?? [],
            Prepend = rule.Operations?.Where(o => o.PrependAsPath?.Prefix is not null).SelectMany(o => o.PrependAsPath!.Prefix!.Select(a => a.Value)).ToArray() ?? [],
        };
    }

    public bool Matches(BgpPrefix prefix, PathAttributes attributes, bool fromPeer, bool externalPeer)
    {
        if (InterfaceRule || (RemotePeersOnly && !fromPeer) || (ExternalPeer is { } external && external != externalPeer))
        {
            return false;
        }

        if (Cidr is { } cidr)
        {
            var inRange = prefix.Length >= MinLength && prefix.Length <= MaxLength;
            var matched = MatchOperator switch
            {
                "Equal" => prefix == cidr,
                "NotEqual" => prefix != cidr,
                "In" => cidr.Contains(prefix) && inRange,
                "NotIn" => !(cidr.Contains(prefix) && inRange),
                _ => false,
            };
            if (!matched)
            {
                return false;
            }
        }

        if (Communities.Count > 0 && !Communities.Any(c => CommunityText.Has(attributes, c)))
        {
            return false;
        }

        if (AsPathPrefix.Count > 0)
        {
            var path = attributes.AsPath.Where(s => s.Type == AsPathSegment.Sequence).SelectMany(s => s.Asns).Take(AsPathPrefix.Count);
            if (!path.SequenceEqual(AsPathPrefix))
            {
                return false;
            }
        }

        return true;
    }

    public PathAttributes Apply(PathAttributes attributes)
    {
        foreach (var community in AddCommunities)
        {
            attributes = CommunityText.Add(attributes, community);
        }

        for (var i = Prepend.Count - 1; i >= 0; i--)
        {
            attributes = attributes.Prepend(Prepend[i]);
        }

        return attributes;
    }
}
