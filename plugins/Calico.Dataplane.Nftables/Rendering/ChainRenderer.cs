using System.Net;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>Renders the bodies (rule lists) of policy and endpoint chains.</summary>
internal static class ChainRenderer
{
    private static readonly IPNetwork LinkLocal6 = IPNetwork.Parse("fe80::/10");

    /// <summary>The rules of a policy's chain for one direction.</summary>
    public static List<string> Policy(EquatableArray<CompiledRule> rules)
    {
        var output = new List<string>(rules.Count);
        foreach (var rule in rules)
        {
            RuleRenderer.Render(rule, output);
        }

        return output;
    }

    /// <summary>The "to workload" chain (ingress program).</summary>
    public static List<string> ToEndpoint(EndpointProgram endpoint) =>
        Program(endpoint.Ingress, NftNames.PolicyIngress, []);

    /// <summary>The "from workload" chain: anti-spoofing and encapsulation drops, then the egress program.</summary>
    public static List<string> FromEndpoint(EndpointProgram endpoint)
    {
        var guard = new List<string>();
        var v4 = Family(endpoint, 4);
        guard.Add(v4.Count == 0 ? "meta nfproto ipv4 drop" : "ip saddr != " + SetElements.AnonymousSet(v4, 4) + " drop");
        var v6 = Family(endpoint, 6);
        v6.Add(LinkLocal6);
        guard.Add("ip6 saddr != " + SetElements.AnonymousSet(v6, 6) + " drop");
        guard.Add("icmpv6 type nd-router-advert drop"); // workloads cannot act as routers
        guard.Add("meta l4proto 4 drop"); // IPIP from a workload
        guard.Add("udp dport 4789 drop"); // VXLAN from a workload
        return Program(endpoint.Egress, NftNames.PolicyEgress, guard);
    }

    private static List<IPNetwork> Family(EndpointProgram endpoint, int family) =>
        [.. endpoint.Addresses.AsSpan().ToArray().Concat(endpoint.AllowSpoofedSourcePrefixes.AsSpan().ToArray())
            .Where(n => SetElements.Family(n.BaseAddress) == family)];

    /// <summary>
    /// The rules of an endpoint program: <paramref name="guard"/> first, then each tier's policies, then (for
    /// <see cref="ProgramEnd.Profiles"/>) the profiles and a final drop. A policy that allows ends the chain with
    /// <paramref name="accepted"/> (default <c>return</c>: the caller continues with the next stage).
    /// </summary>
    public static List<string> Program(DirectionProgram program, Func<PolicyId, string> chain, List<string> guard, string accepted = "return")
    {
        var output = new List<string> { Marks.ClearBoth };
        output.AddRange(guard);
        var first = true;
        foreach (var tier in program.Tiers)
        {
            if (!first)
            {
                output.Add(Marks.ClearPass);
            }

            first = false;
            foreach (var policy in tier.Policies)
            {
                if (policy.IsStaged)
                {
                    continue; // evaluated for accounting only, never enforced
                }

                output.Add(Marks.NotPassed + " jump " + chain(policy));
                output.Add(Marks.Accepted + " " + accepted);
            }

            if (tier.EndOfTierDrop)
            {
                output.Add(Marks.NotPassed + " drop");
            }
        }

        if (program.End == ProgramEnd.Profiles)
        {
            foreach (var profile in program.Profiles)
            {
                output.Add("jump " + chain(profile));
                output.Add(Marks.Accepted + " " + accepted);
            }

            output.Add("drop");
        }

        return output;
    }
}
