using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Renders the whole table (full reconcile: replace our table atomically, never touching other tables) and the
/// pieces that deltas reuse.
/// </summary>
internal static class TableRenderer
{
    /// <summary>The script that makes the kernel hold exactly <paramref name="state"/> in our table.</summary>
    public static Script Full(TableLayout layout, LiveState state)
    {
        var script = new Script(layout);

        // "add table" makes the delete valid on first start; both run in the same transaction as the rebuild, so
        // no packet ever sees a missing or half-built table.
        script.Add("add", "table", string.Empty);
        script.Add("delete", "table", string.Empty);
        script.Add("add", "table", string.Empty);
        Fixed(script);
        NatRenderer.Fixed(script, state.Nat);
        foreach (var (id, set) in state.Sets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            NewSet(script, id, set);
        }

        foreach (var policy in state.Policies.Values.OrderBy(p => p.Id))
        {
            NewPolicy(script, policy);
        }

        foreach (var endpoint in state.Endpoints.Values.OrderBy(e => e.Id))
        {
            if (endpoint.Id.Kind == EndpointKind.Host)
            {
                HostEndpointRenderer.Chains(script, endpoint, replace: false);
            }
            else
            {
                NewEndpoint(script, endpoint);
            }
        }

        HostEndpointRenderer.Dispatch(script, state, flush: false);
        return script;
    }

    /// <summary>Base chains, dispatch maps and dispatch chains.</summary>
    private static void Fixed(Script script)
    {
        var layout = script.Layout;
        script.Add("add", "map", NftNames.FromDispatchMap + " { type ifname : verdict; }");
        script.Add("add", "map", NftNames.ToDispatchMap + " { type ifname : verdict; }");

        script.Add("add", "chain", NftNames.FromWorkload);
        script.Add("add", "rule", NftNames.FromWorkload + " iifname vmap @" + NftNames.FromDispatchMap);
        script.Add("add", "chain", NftNames.ToWorkload);
        script.Add("add", "rule", NftNames.ToWorkload + " oifname vmap @" + NftNames.ToDispatchMap);
        foreach (var prefix in layout.WorkloadPrefixes)
        {
            // Fail closed: a workload interface without a programmed endpoint passes nothing.
            script.Add("add", "rule", NftNames.FromWorkload + " iifname " + NftNames.Quote(prefix + "*") + " drop");
            script.Add("add", "rule", NftNames.ToWorkload + " oifname " + NftNames.Quote(prefix + "*") + " drop");
        }

        HostEndpointRenderer.Fixed(script);
        script.NewChain(NftNames.WorkloadToHost, WorkloadToHost(layout));
        script.Add("add", "chain", NftNames.Forward + " { type filter hook forward priority filter; policy accept; }");
        // Order of the forward stages (Felix's): host endpoint forward ingress, workload egress, workload ingress,
        // host endpoint forward egress. Every stage must let the packet through.
        var (arrival, exit) = HostEndpointRenderer.ForwardRules();
        var forward = new List<string> { "ct state established,related accept", "ct state invalid drop" };
        forward.AddRange(arrival);
        foreach (var prefix in layout.WorkloadPrefixes)
        {
            forward.Add("iifname " + NftNames.Quote(prefix + "*") + " jump " + NftNames.FromWorkload);
        }

        forward.Add(HostEndpointRenderer.ForwardIngressRule());
        foreach (var prefix in layout.WorkloadPrefixes)
        {
            forward.Add("oifname " + NftNames.Quote(prefix + "*") + " jump " + NftNames.ToWorkload);
        }

        forward.AddRange(exit);
        script.Rules(NftNames.Forward, forward);
        script.Add("add", "chain", NftNames.Input + " { type filter hook input priority filter; policy accept; }");
        var input = new List<string> { Marks.UntrackedAccepted + " accept" };
        input.AddRange(layout.WorkloadPrefixes.Select(p => "iifname " + NftNames.Quote(p + "*") + " goto " + NftNames.WorkloadToHost));
        input.AddRange(HostEndpointRenderer.InputRules(layout));
        script.Rules(NftNames.Input, input);
    }

    private static List<string> WorkloadToHost(TableLayout layout)
    {
        var rules = new List<string>
        {
            "ct state established,related accept",
            "ct state invalid drop",
            "icmpv6 type { 130, 131, 132, 133, 135, 136 } accept", // MLD, router solicit, neighbour discovery
            "jump " + NftNames.FromWorkload,
        };
        switch (layout.EndpointToHost)
        {
            case EndpointToHostAction.Accept:
                rules.Add("accept");
                break;
            case EndpointToHostAction.Drop:
                rules.Add("drop");
                break;
            default:
                // Return: the host endpoint owning the destination address decides (failsafe ports first);
                // anything else continues with whatever the host enforces.
                rules.AddRange(HostEndpointRenderer.ReturnToHostRules());
                break;
        }

        return rules;
    }

    /// <summary>Creates both family sets of an IP set with their elements.</summary>
    public static void NewSet(Script script, string id, SetState set)
    {
        foreach (var family in new[] { 4, 6 })
        {
            var type = (family == 4 ? "ipv4_addr" : "ipv6_addr") + (set.Kind == IpSetKind.NetPort ? " . inet_proto . inet_service" : string.Empty);
            // Host-only sets are hash sets: adding or deleting one element then costs nft no element listing,
            // whereas any interval set in the ruleset makes nft fetch interval set contents before each element change.
            var interval = set.HasNetworks;
            var flags = interval ? " flags interval;" : string.Empty;
            var name = NftNames.Set(id, family);
            script.Add("add", "set", name + " { type " + type + ";" + flags + " }");
            var members = interval
                ? SetElements.Effective(set.Members, family)
                : [.. set.Members.Where(m => SetElements.Family(m.Network.BaseAddress) == family).Order()];
            script.Elements("add", name, [.. members.Select(SetElements.Format)]);
        }
    }

    /// <summary>Creates a policy's two chains.</summary>
    public static void NewPolicy(Script script, CompiledPolicy policy)
    {
        script.NewChain(NftNames.PolicyIngress(policy.Id), ChainRenderer.Policy(policy.Ingress));
        script.NewChain(NftNames.PolicyEgress(policy.Id), ChainRenderer.Policy(policy.Egress));
    }

    /// <summary>Creates an endpoint's two chains and its dispatch entries (skipped without an interface).</summary>
    public static void NewEndpoint(Script script, EndpointProgram endpoint)
    {
        if (endpoint.Id.Kind != EndpointKind.Workload || endpoint.InterfaceName is not { } iface)
        {
            return;
        }

        script.NewChain(NftNames.ToEndpoint(iface), ChainRenderer.ToEndpoint(endpoint));
        script.NewChain(NftNames.FromEndpoint(iface), ChainRenderer.FromEndpoint(endpoint));
        script.Add("add", "element", NftNames.ToDispatchMap + " { " + NftNames.Quote(iface) + " : goto " + NftNames.ToEndpoint(iface) + " }");
        script.Add("add", "element", NftNames.FromDispatchMap + " { " + NftNames.Quote(iface) + " : goto " + NftNames.FromEndpoint(iface) + " }");
    }

    /// <summary>Removes an endpoint's dispatch entries and chains.</summary>
    public static void DeleteEndpoint(Script script, EndpointProgram endpoint)
    {
        if (endpoint.Id.Kind != EndpointKind.Workload || endpoint.InterfaceName is not { } iface)
        {
            return;
        }

        script.Add("delete", "element", NftNames.ToDispatchMap + " { " + NftNames.Quote(iface) + " }");
        script.Add("delete", "element", NftNames.FromDispatchMap + " { " + NftNames.Quote(iface) + " }");
        script.Add("delete", "chain", NftNames.ToEndpoint(iface));
        script.Add("delete", "chain", NftNames.FromEndpoint(iface));
    }
}
