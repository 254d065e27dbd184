using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Policy;

/// <summary>Runs a peer's BGPFilters in order: the first matching rule of the first filter with a match decides;
/// a route no rule matches is accepted unchanged (Calico's default for peers without filters).</summary>
internal static class PolicyEvaluator
{
    /// <returns>The (possibly modified) attributes, or null when the route is rejected.</returns>
    public static PathAttributes? Evaluate(IReadOnlyList<BgpFilterRules> filters, bool import, BgpPrefix prefix, PathAttributes attributes, bool fromPeer, bool externalPeer)
    {
        foreach (var filter in filters)
        {
            foreach (var rule in filter.Rules(import, prefix.Family))
            {
                if (rule.Matches(prefix, attributes, fromPeer, externalPeer))
                {
                    return rule.Accept ? rule.Apply(attributes) : null;
                }
            }
        }

        return attributes;
    }
}
