using System.Globalization;
using System.Net;
using Calico.Dataplane.Iptables.Model;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>Renders the bodies of our chains for one family: policy, endpoint, dispatch and hook chains.</summary>
internal static class ChainRenderer
{
    private static readonly IPNetwork LinkLocal6 = IPNetwork.Parse("fe80::/10");

    // MLD query/report/done, router solicitation, neighbour solicitation and advertisement.
    private static readonly int[] NeighbourDiscovery = [130, 131, 132, 133, 135, 136];

    /// <summary>The rules of a policy's chain for one direction.</summary>
    public static ChainBody Policy(EquatableArray<CompiledRule> rules, int family)
    {
        var chain = new ChainBuilder(family);
        RuleAction? run = null;
        foreach (var rule in rules)
        {
            if (run is { } action && action != rule.Action && RuleRenderer.Return(action) is { } end && WouldRender(rule, family))
            {
                chain.Add(end);
                run = null;
            }

            if (RuleRenderer.Render(rule, chain))
            {
                run = rule.Action;
            }
        }

        if (run is { } last && RuleRenderer.Return(last) is { } final)
        {
            chain.Add(final);
        }

        return chain.Build();
    }

    // Whether a rule renders anything for the family (a rule that does not cannot break a run).
    private static bool WouldRender(CompiledRule rule, int family) => RuleRenderer.Render(rule, new ChainBuilder(family));

    /// <summary>The "to workload" chain (ingress program).</summary>
    public static ChainBody ToEndpoint(EndpointProgram endpoint, int family)
    {
        var chain = new ChainBuilder(family);
        Program(chain, endpoint.Ingress, Names.PolicyIngress);
        return chain.Build();
    }

    /// <summary>The "from workload" chain: anti-spoofing and encapsulation drops, then the egress program.</summary>
    public static ChainBody FromEndpoint(EndpointProgram endpoint, int family)
    {
        var chain = new ChainBuilder(family);
        var own = endpoint.Addresses.AsSpan().ToArray().Concat(endpoint.AllowSpoofedSourcePrefixes.AsSpan().ToArray())
            .Where(n => SetElements.Family(n.BaseAddress) == family).ToList();
        if (family == 6)
        {
            own.Add(LinkLocal6);
        }

        chain.Add(Marks.ClearBoth);
        if (own.Count == 0)
        {
            chain.Add("-j DROP"); // no address of this family: the workload may not send it at all
        }
        else if (own.Count == 1 && own[0].PrefixLength > 0)
        {
            chain.Add("! -s " + own[0] + " -j DROP");
        }
        else
        {
            chain.Add("-m set ! --match-set " + chain.CidrSet(own) + " src -j DROP");
        }

        if (family == 6)
        {
            chain.Add("-p ipv6-icmp -m icmp6 --icmpv6-type 134 -j DROP"); // workloads cannot act as routers
        }

        chain.Add("-p 4 -j DROP"); // IPIP from a workload
        chain.Add("-p udp -m udp --dport 4789 -j DROP"); // VXLAN from a workload
        Program(chain, endpoint.Egress, Names.PolicyEgress, clear: false);
        return chain.Build();
    }

    /// <summary>Interface → endpoint chain, then drop for any other workload interface (fail closed).</summary>
    public static ChainBody Dispatch(Layout layout, IEnumerable<string> interfaces, bool from, int family)
    {
        var chain = new ChainBuilder(family);
        var flag = from ? "-i " : "-o ";
        foreach (var iface in interfaces.Order(StringComparer.Ordinal))
        {
            chain.Add(flag + Names.Interface(iface) + " -g " + (from ? Names.FromEndpoint(iface) : Names.ToEndpoint(iface)));
        }

        foreach (var prefix in layout.WorkloadPrefixes)
        {
            chain.Add(flag + prefix + "+ -j DROP");
        }

        return chain.Build();
    }

    /// <summary>
    /// cali-FORWARD: conntrack first, then the workloads' egress and ingress programs; with host endpoints also
    /// doNotTrack-accepted packets, and the applyOnForward stages (Felix's order: host endpoint forward ingress
    /// unless preDNAT allowed it, workload egress, workload ingress, host endpoint forward egress).
    /// </summary>
    public static ChainBody Forward(Layout layout, int family, bool hostEndpoints)
    {
        var chain = new ChainBuilder(family);
        chain.Add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        chain.Add("-m conntrack --ctstate INVALID -j DROP");
        if (hostEndpoints)
        {
            chain.Add(Marks.UntrackedAccepted + " -j ACCEPT");
        }

        foreach (var prefix in layout.WorkloadPrefixes)
        {
            chain.Add("-i " + prefix + "+ -j " + Names.FromDispatch);
        }

        if (hostEndpoints)
        {
            chain.Add(Marks.NotPreDnatAccepted + " -j " + Names.FromHostEndpointForward);
        }

        foreach (var prefix in layout.WorkloadPrefixes)
        {
            chain.Add("-o " + prefix + "+ -j " + Names.ToDispatch);
        }

        if (hostEndpoints)
        {
            chain.Add("-j " + Names.ToHostEndpointForward);
        }

        // Reaching here means every program that applies allowed the packet (denials drop in the chains).
        foreach (var prefix in layout.WorkloadPrefixes)
        {
            chain.Add("-i " + prefix + "+ -j ACCEPT");
            chain.Add("-o " + prefix + "+ -j ACCEPT");
        }

        return chain.Build();
    }

    /// <summary>cali-INPUT: traffic from workloads to this host; with host endpoints also their ingress dispatch.</summary>
    public static ChainBody Input(Layout layout, int family, bool hostEndpoints)
    {
        var chain = new ChainBuilder(family);
        if (hostEndpoints)
        {
            chain.Add(Marks.UntrackedAccepted + " -j ACCEPT");
        }

        chain.AddRange(layout.WorkloadPrefixes.Select(p => "-i " + p + "+ -g " + Names.WorkloadToHost));
        if (hostEndpoints)
        {
            chain.Add("-j " + Names.FromHostEndpoint);
        }

        return chain.Build();
    }

    /// <summary>
    /// cali-wl-to-host: conntrack, neighbour discovery, the egress program, then defaultEndpointToHostAction
    /// (Return with host endpoints: the endpoint owning the destination address decides).
    /// </summary>
    public static ChainBody WorkloadToHost(Layout layout, int family, bool hostEndpoints)
    {
        var chain = new ChainBuilder(family);
        chain.Add("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        chain.Add("-m conntrack --ctstate INVALID -j DROP");
        if (family == 6)
        {
            chain.AddRange(NeighbourDiscovery.Select(t => "-p ipv6-icmp -m icmp6 --icmpv6-type " + t.ToString(CultureInfo.InvariantCulture) + " -j ACCEPT"));
        }

        chain.Add("-j " + Names.FromDispatch);
        switch (layout.EndpointToHost)
        {
            case EndpointToHostAction.Accept:
                chain.Add("-j ACCEPT");
                break;
            case EndpointToHostAction.Drop:
                chain.Add("-j DROP");
                break;
            default:
                // Return: continue with whatever else the host enforces (its host endpoints first).
                if (hostEndpoints)
                {
                    chain.Add("-j " + Names.HostEndpointByAddress);
                }

                break;
        }

        return chain.Build();
    }

    /// <summary>
    /// Appends an endpoint program: each tier's enforced policies (a policy that allows ends the program with
    /// <paramref name="accepted"/>, default <c>RETURN</c>), end-of-tier drops, then profiles and a final drop.
    /// </summary>
    public static void Program(ChainBuilder chain, DirectionProgram program, Func<PolicyId, string> policyChain, bool clear = true, IReadOnlyList<string>? accepted = null)
    {
        accepted ??= ["-j RETURN"];
        if (clear)
        {
            chain.Add(Marks.ClearBoth);
        }

        var first = true;
        foreach (var tier in program.Tiers)
        {
            if (!first)
            {
                chain.Add(Marks.ClearPass);
            }

            first = false;
            foreach (var policy in tier.Policies)
            {
                if (policy.IsStaged)
                {
                    continue; // evaluated for accounting only, never enforced
                }

                chain.Add(Marks.NotPassed + " -j " + policyChain(policy));
                chain.AddRange(accepted.Select(a => Marks.Accepted + " " + a));
            }

            if (tier.EndOfTierDrop)
            {
                chain.Add(Marks.NotPassed + " -j DROP");
            }
        }

        if (program.End == ProgramEnd.Profiles)
        {
            foreach (var profile in program.Profiles)
            {
                chain.Add("-j " + policyChain(profile));
                chain.AddRange(accepted.Select(a => Marks.Accepted + " " + a));
            }

            chain.Add("-j DROP");
        }
    }
}
