using System.Globalization;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Host endpoints (Felix's <c>cali-fh-</c>/<c>cali-th-</c> and friends). Each host endpoint gets one chain per
/// <see cref="HostStage"/>, keyed by its name; verdict maps dispatch interface names (and, for workload → host traffic
/// with <see cref="EndpointToHostAction.Return"/>, destination addresses) to them. The hooks:
/// raw prerouting (doNotTrack ingress), prerouting at mangle priority (preDNAT), input (normal ingress), output
/// (normal egress), raw output (doNotTrack egress) and forward (applyOnForward stages). Failsafe ports pass every
/// host-terminating (or host-originated) stage first. The all-interfaces endpoint (<c>*</c>) gets the normal and
/// preDNAT stages on every non-workload, non-loopback interface without an endpoint of its own.
/// </summary>
internal static class HostEndpointRenderer
{
    private const string Failsafe = "meta l4proto . th dport @";
    private const string Local = "fib daddr type local ";

    private static readonly HostStage[] Stages = Enum.GetValues<HostStage>();

    /// <summary>Failsafe sets, dispatch maps and base chains (those the workload chains do not need).</summary>
    public static void Fixed(Script script)
    {
        var layout = script.Layout;
        FailsafeSet(script, NftNames.FailsafeIn, layout.FailsafeInbound);
        FailsafeSet(script, NftNames.FailsafeOut, layout.FailsafeOutbound);
        foreach (var stage in Stages)
        {
            script.Add("add", "map", NftNames.HostDispatch(stage) + " { type ifname : verdict; }");
        }

        script.Add("add", "map", NftNames.HostAddressDispatch(4) + " { type ipv4_addr : verdict; }");
        script.Add("add", "map", NftNames.HostAddressDispatch(6) + " { type ipv6_addr : verdict; }");
        script.Add("add", "chain", NftNames.AnyHostIngress);
        script.Add("add", "chain", NftNames.AnyHostEgress);
        script.Add("add", "chain", NftNames.AnyHostPreDnat);
        var notWorkload = string.Concat(layout.WorkloadPrefixes.Select(p => "iifname != " + NftNames.Quote(p + "*") + " "));

        script.Add("add", "chain", NftNames.RawPrerouting + " { type filter hook prerouting priority raw; policy accept; }");
        script.Rules(NftNames.RawPrerouting, [
            Local + Failsafe + NftNames.FailsafeIn + " accept",
            "iifname vmap @" + NftNames.HostDispatch(HostStage.UntrackedIngress),
        ]);
        script.Add("add", "chain", NftNames.RawOutput + " { type filter hook output priority raw; policy accept; }");
        script.Rules(NftNames.RawOutput, [
            Failsafe + NftNames.FailsafeOut + " accept",
            "oifname vmap @" + NftNames.HostDispatch(HostStage.UntrackedEgress),
        ]);

        // preDNAT: before DNAT (nat prerouting is -100), after conntrack (-200) so established flows skip it.
        script.Add("add", "chain", NftNames.PreDnat + " { type filter hook prerouting priority mangle; policy accept; }");
        script.Rules(NftNames.PreDnat, [
            "meta mark set meta mark & 0xfffbffff",
            Marks.UntrackedAccepted + " accept",
            "ct state established,related accept",
            Local + Failsafe + NftNames.FailsafeIn + " accept",
            "iifname vmap @" + NftNames.HostDispatch(HostStage.PreDnat),
            "iifname != \"lo\" " + notWorkload + "jump " + NftNames.AnyHostPreDnat,
        ]);

        script.Add("add", "chain", NftNames.Output + " { type filter hook output priority filter; policy accept; }");
        var output = new List<string> { Marks.UntrackedAccepted + " accept" };
        output.AddRange(layout.WorkloadPrefixes.Select(p => "oifname " + NftNames.Quote(p + "*") + " accept")); // host → workload: not policed
        output.Add("oifname vmap @" + NftNames.HostDispatch(HostStage.Egress));
        output.Add("oifname != \"lo\" jump " + NftNames.AnyHostEgress);
        script.Rules(NftNames.Output, output);
    }

    /// <summary>Input rules after the workload → host dispatch.</summary>
    public static IEnumerable<string> InputRules(TableLayout layout) =>
    [
        "iifname vmap @" + NftNames.HostDispatch(HostStage.Ingress),
        "iifname != \"lo\" " + string.Concat(layout.WorkloadPrefixes.Select(p => "iifname != " + NftNames.Quote(p + "*") + " ")) + "jump " + NftNames.AnyHostIngress,
    ];

    /// <summary>Forward rules before the workload dispatch (arrival) and after it (exit).</summary>
    public static (string[] Arrival, string[] Exit) ForwardRules() => (
        [Marks.UntrackedAccepted + " accept"],
        [
            "oifname vmap @" + NftNames.HostDispatch(HostStage.UntrackedForwardEgress),
            "oifname vmap @" + NftNames.HostDispatch(HostStage.ForwardEgress),
        ]);

    /// <summary>The forward ingress stage, which a preDNAT Allow skips (placed between from- and to-workload).</summary>
    public static string ForwardIngressRule() =>
        "meta mark & " + Marks.PreDnatAccept + " == 0 iifname vmap @" + NftNames.HostDispatch(HostStage.ForwardIngress);

    /// <summary>Workload → host with Return: the host endpoint owning the destination address decides.</summary>
    public static IEnumerable<string> ReturnToHostRules() =>
    [
        "ip daddr vmap @" + NftNames.HostAddressDispatch(4),
        "ip6 daddr vmap @" + NftNames.HostAddressDispatch(6),
    ];

    /// <summary>Creates (or with <paramref name="replace"/>, re-fills) a host endpoint's stage chains.</summary>
    public static void Chains(Script script, EndpointProgram endpoint, bool replace)
    {
        foreach (var stage in Stages)
        {
            var chain = NftNames.HostChain(stage, endpoint.Id.Name);
            var rules = Rules(stage, endpoint);
            if (replace)
            {
                script.ReplaceChain(chain, rules);
            }
            else
            {
                script.NewChain(chain, rules);
            }
        }
    }

    /// <summary>Deletes a host endpoint's chains (after <see cref="Dispatch"/> stopped referencing them).</summary>
    public static void Delete(Script script, EndpointProgram endpoint)
    {
        foreach (var stage in Stages)
        {
            script.Add("delete", "chain", NftNames.HostChain(stage, endpoint.Id.Name));
        }
    }

    /// <summary>
    /// Fills the dispatch maps and the all-interfaces chains from every host endpoint (empties them first when
    /// <paramref name="flush"/>). Endpoints are taken in name order; an interface or address claimed by an earlier
    /// one is not given to a later one.
    /// </summary>
    public static void Dispatch(Script script, LiveState state, bool flush)
    {
        if (flush)
        {
            foreach (var stage in Stages)
            {
                script.Add("flush", "map", NftNames.HostDispatch(stage));
            }

            script.Add("flush", "map", NftNames.HostAddressDispatch(4));
            script.Add("flush", "map", NftNames.HostAddressDispatch(6));
            script.Add("flush", "chain", NftNames.AnyHostIngress);
            script.Add("flush", "chain", NftNames.AnyHostEgress);
            script.Add("flush", "chain", NftNames.AnyHostPreDnat);
        }

        var interfaces = new HashSet<string>(StringComparer.Ordinal);
        var addresses = new HashSet<System.Net.IPAddress>();
        var anyClaimed = false;
        foreach (var endpoint in state.Endpoints.Values.Where(e => e.Id.Kind == EndpointKind.Host).OrderBy(e => e.Id))
        {
            var name = endpoint.Id.Name;
            if (endpoint.InterfaceName == "*")
            {
                if (!anyClaimed)
                {
                    anyClaimed = true;
                    script.Add("add", "rule", NftNames.AnyHostIngress + " goto " + NftNames.HostChain(HostStage.Ingress, name));
                    script.Add("add", "rule", NftNames.AnyHostEgress + " goto " + NftNames.HostChain(HostStage.Egress, name));
                    script.Add("add", "rule", NftNames.AnyHostPreDnat + " jump " + NftNames.HostChain(HostStage.PreDnat, name));
                }
            }
            else if (endpoint.InterfaceName is { Length: > 0 } iface
                && !script.Layout.WorkloadPrefixes.Any(p => iface.StartsWith(p, StringComparison.Ordinal)) && interfaces.Add(iface))
            {
                foreach (var stage in Stages)
                {
                    var verb = stage is HostStage.Ingress or HostStage.Egress ? " : goto " : " : jump ";
                    script.Add("add", "element", NftNames.HostDispatch(stage) + " { " + NftNames.Quote(iface) + verb + NftNames.HostChain(stage, name) + " }");
                }
            }

            foreach (var network in endpoint.Addresses)
            {
                if (SetElements.IsHost(network) && addresses.Add(network.BaseAddress))
                {
                    var family = SetElements.Family(network.BaseAddress);
                    script.Add("add", "element", NftNames.HostAddressDispatch(family) + " { " + network.BaseAddress + " : goto " + NftNames.HostChain(HostStage.Ingress, name) + " }");
                }
            }
        }
    }

    private static List<string> Rules(HostStage stage, EndpointProgram endpoint)
    {
        List<string> Tracked(string failsafe, params string[] more) =>
            ["ct state established,related accept", "ct state invalid drop", Failsafe + failsafe + " accept", .. more];
        const string untracked = "meta mark set meta mark | " + Marks.UntrackedAccept + " notrack accept";
        return stage switch
        {
            HostStage.Ingress => ChainRenderer.Program(endpoint.Ingress, NftNames.PolicyIngress, Tracked(NftNames.FailsafeIn, Marks.PreDnatAccepted + " accept")),
            HostStage.Egress => ChainRenderer.Program(endpoint.Egress, NftNames.PolicyEgress, Tracked(NftNames.FailsafeOut)),
            HostStage.ForwardIngress => ChainRenderer.Program(endpoint.ForwardIngress, NftNames.PolicyIngress, []),
            HostStage.ForwardEgress => ChainRenderer.Program(endpoint.ForwardEgress, NftNames.PolicyEgress, []),
            HostStage.UntrackedIngress => ChainRenderer.Program(endpoint.UntrackedIngress, NftNames.PolicyIngress, [], untracked),
            HostStage.UntrackedEgress => ChainRenderer.Program(endpoint.UntrackedEgress, NftNames.PolicyEgress, [], untracked),
            HostStage.UntrackedForwardEgress => ChainRenderer.Program(endpoint.UntrackedEgress, NftNames.PolicyEgress, [], "accept"),
            _ => ChainRenderer.Program(endpoint.PreDnatIngress, NftNames.PolicyIngress, [], "meta mark set meta mark | " + Marks.PreDnatAccept + " return"),
        };
    }

    private static void FailsafeSet(Script script, string name, IReadOnlyList<FailsafePort> ports)
    {
        script.Add("add", "set", name + " { type inet_proto . inet_service; }");
        script.Elements("add", name, [.. ports.Distinct().Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Protocol} . {p.Port}"))]);
    }
}
