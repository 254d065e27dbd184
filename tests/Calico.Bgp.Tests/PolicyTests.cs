using System.Net;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Resources;

namespace Calico.Bgp.Tests;

public sealed class PolicyTests
{
    private static readonly PathAttributes Route = new() { AsPath = [new AsPathSegment(AsPathSegment.Sequence, [65001, 65002])], NextHop = IPAddress.Parse("10.0.0.1"), Communities = [(65001u << 16) | 5] };

    private static BgpFilterRules Filter(params BGPFilterRule[] rules) => BgpFilterRules.Compile("f", new BGPFilterSpec { ImportV4 = rules, ExportV4 = rules });

    [Fact]
    public void First_matching_rule_decides_and_unmatched_routes_pass()
    {
        var filter = Filter(
            new BGPFilterRule { Cidr = "10.0.0.0/8", MatchOperator = "In", PrefixLength = new BGPFilterPrefixLength { Min = 24, Max = 26 }, Action = "Reject" },
            new BGPFilterRule { Cidr = "10.0.0.0/8", MatchOperator = "In", Action = "Accept", Operations = [new BGPFilterOperation { AddCommunity = new BGPFilterAddCommunity { Value = "64512:7" } }] });
        Assert.Null(PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("10.1.2.0/26"), Route, true, true));
        var accepted = PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("10.1.0.0/16"), Route, true, true);
        Assert.Contains((64512u << 16) | 7, accepted!.Communities);
        Assert.Same(Route, PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("192.168.0.0/16"), Route, true, true));
    }

    [Fact]
    public void Equal_and_not_in_operators_peer_type_and_communities_match()
    {
        var filter = Filter(
            new BGPFilterRule { Cidr = "10.1.0.0/16", MatchOperator = "Equal", PeerType = "iBGP", Action = "Reject" },
            new BGPFilterRule { Communities = new BGPFilterCommunityMatch { Values = ["65001:5"] }, Action = "Reject" });
        Assert.Null(PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("10.1.0.0/16"), Route with { Communities = [] }, true, false));
        Assert.NotNull(PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("10.1.0.0/16"), Route with { Communities = [] }, true, true));
        Assert.Null(PolicyEvaluator.Evaluate([filter], true, BgpPrefix.Parse("172.16.0.0/16"), Route, true, true));
        var notIn = Filter(new BGPFilterRule { Cidr = "10.0.0.0/8", MatchOperator = "NotIn", Action = "Reject" });
        Assert.Null(PolicyEvaluator.Evaluate([notIn], false, BgpPrefix.Parse("192.168.1.0/24"), Route, false, true));
        Assert.NotNull(PolicyEvaluator.Evaluate([notIn], false, BgpPrefix.Parse("10.9.0.0/16"), Route, false, true));
    }

    [Fact]
    public void As_path_prefix_matches_and_prepend_applies()
    {
        var filter = Filter(new BGPFilterRule
        {
            AsPathPrefix = [new AsNumber(65001)],
            Action = "Accept",
            Operations = [new BGPFilterOperation { PrependAsPath = new BGPFilterPrependAsPath { Prefix = [new AsNumber(64999), new AsNumber(64998)] } }],
        });
        var result = PolicyEvaluator.Evaluate([filter], false, BgpPrefix.Parse("10.0.0.0/24"), Route, true, true)!;
        Assert.Equal([64999u, 64998u, 65001u, 65002u], result.AsPath[0].Asns);
    }
}
