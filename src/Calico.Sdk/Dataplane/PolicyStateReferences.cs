using Calico.Sdk.Policy;

namespace Calico.Sdk.Dataplane;

/// <summary>
/// The references inside a policy state (endpoint → policy/profile, policy rule → IP set), for dataplane plugin
/// authors: which chains a program jumps to, which sets a rule matches, and the check that a snapshot or a state
/// after a delta has no dangling reference before anything is rendered.
/// </summary>
public static class PolicyStateReferences
{
    /// <summary>The enforced (non-staged) policies and the profiles an endpoint's programs jump to.</summary>
    /// <param name="endpoint">The endpoint program.</param>
    /// <param name="allStages">
    /// True for every stage (workload, forward, pre-DNAT and untracked programs); false for the workload
    /// ingress and egress programs only (a dataplane that renders no host endpoint stages).
    /// </param>
    /// <returns>The policy ids, in program order (an id can repeat).</returns>
    public static IEnumerable<PolicyId> Policies(EndpointProgram endpoint, bool allStages)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Iterate(allStages
            ? [endpoint.Ingress, endpoint.Egress, endpoint.ForwardIngress, endpoint.ForwardEgress,
                endpoint.PreDnatIngress, endpoint.UntrackedIngress, endpoint.UntrackedEgress]
            : [endpoint.Ingress, endpoint.Egress]);

        static IEnumerable<PolicyId> Iterate(DirectionProgram[] directions)
        {
            foreach (var direction in directions)
            {
                foreach (var tier in (IEnumerable<TierProgram>)direction.Tiers)
                {
                    foreach (var policy in (IEnumerable<PolicyId>)tier.Policies)
                    {
                        if (!policy.IsStaged)
                        {
                            yield return policy;
                        }
                    }
                }

                if (direction.End == ProgramEnd.Profiles)
                {
                    foreach (var profile in (IEnumerable<PolicyId>)direction.Profiles)
                    {
                        yield return profile;
                    }
                }
            }
        }
    }

    /// <summary>The IP set ids a policy's rules match on (rules that never match are left out).</summary>
    /// <param name="policy">The compiled policy.</param>
    /// <returns>The set ids, in rule order (an id can repeat).</returns>
    public static IEnumerable<string> IpSets(CompiledPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Iterate(policy);

        static IEnumerable<string> Iterate(CompiledPolicy policy)
        {
            foreach (var rule in policy.Ingress.AsSpan().ToArray().Concat(policy.Egress.AsSpan().ToArray()))
            {
                if (rule.NeverMatches)
                {
                    continue;
                }

                foreach (var side in new[] { rule.Source, rule.Destination })
                {
                    foreach (var id in side.IpSets.Concat(side.NotIpSets).Concat(side.NamedPortIpSets).Concat(side.NotNamedPortIpSets))
                    {
                        yield return id;
                    }
                }
            }
        }
    }

    /// <summary>Checks that every policy an endpoint uses and every IP set a rule uses is in the state.</summary>
    /// <param name="policies">The state's policies and profiles.</param>
    /// <param name="endpoints">The state's endpoint programs.</param>
    /// <param name="hasIpSet">Whether the state holds the IP set with this id.</param>
    /// <param name="allStages">As for <see cref="Policies"/>.</param>
    /// <exception cref="ArgumentException">Names the first dangling reference.</exception>
    public static void Validate(
        IReadOnlyDictionary<PolicyId, CompiledPolicy> policies,
        IEnumerable<EndpointProgram> endpoints,
        Func<string, bool> hasIpSet,
        bool allStages)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(hasIpSet);
        foreach (var endpoint in endpoints)
        {
            foreach (var policy in Policies(endpoint, allStages))
            {
                if (!policies.ContainsKey(policy))
                {
                    throw new ArgumentException($"endpoint {endpoint.Id} references policy {policy}, which is not in the state");
                }
            }
        }

        foreach (var policy in policies.Values)
        {
            foreach (var set in IpSets(policy))
            {
                if (!hasIpSet(set))
                {
                    throw new ArgumentException($"policy {policy.Id} references IP set {set}, which is not in the state");
                }
            }
        }
    }
}
