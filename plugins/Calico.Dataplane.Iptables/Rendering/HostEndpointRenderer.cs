using System.Globalization;
using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>
/// The host part of the model: the hook chains (<c>cali-INPUT</c>, <c>cali-FORWARD</c>, <c>cali-wl-to-host</c> always;
/// with host endpoints also <c>cali-OUTPUT</c> and the raw and mangle chains), host endpoint dispatch, failsafe and
/// per-endpoint chains, and the policy chains the raw (doNotTrack) and mangle (preDNAT) stages jump to (a chain
/// only reaches chains of its own table). Host endpoints are few, so any host endpoint change re-renders this part;
/// the diff then writes only the chains whose rules changed.
/// </summary>
internal static class HostEndpointRenderer
{
    private const string Local = "-m addrtype --dst-type LOCAL ";

    /// <summary>Every chain of the host part of <paramref name="state"/>.</summary>
    public static List<TableChain> Render(Layout layout, LiveState state)
    {
        var endpoints = state.Endpoints.Values.Where(e => e.Id.Kind == EndpointKind.Host).OrderBy(e => e.Id).ToList();
        var hosts = endpoints.Count > 0;
        var output = new List<TableChain>();
        foreach (var family in KernelModel.Families)
        {
            void Add(string table, string name, ChainBuilder chain) => output.Add(new TableChain(family, table, name, chain.Build()));
            output.Add(new TableChain(family, "filter", Names.Forward, ChainRenderer.Forward(layout, family, hosts)));
            output.Add(new TableChain(family, "filter", Names.Input, ChainRenderer.Input(layout, family, hosts)));
            output.Add(new TableChain(family, "filter", Names.WorkloadToHost, ChainRenderer.WorkloadToHost(layout, family, hosts)));
            if (!hosts)
            {
                continue;
            }

            var dispatch = new Dispatch(layout, endpoints, family);
            Add("filter", Names.Output, Build(family, [Marks.UntrackedAccepted + " -j ACCEPT", .. layout.WorkloadPrefixes.Select(p => "-o " + p + "+ -j RETURN"), "-j " + Names.ToHostEndpoint]));
            Add("filter", Names.FromHostEndpoint, Build(family, dispatch.Named("-i ", "cali-fh-", any: true)));
            Add("filter", Names.ToHostEndpoint, Build(family, dispatch.Named("-o ", "cali-th-", any: true)));
            Add("filter", Names.FromHostEndpointForward, Build(family, dispatch.Named("-i ", "cali-fhfw-", any: false)));
            Add("filter", Names.ToHostEndpointForward, Build(family, dispatch.ForwardEgress()));
            Add("filter", Names.HostEndpointByAddress, Build(family, dispatch.ByAddress()));
            Add("raw", Names.Prerouting, Build(family, [Local + "-j " + Names.FailsafeIn, "-j " + Names.FromHostEndpoint]));
            Add("raw", Names.Output, Build(family, ["-j " + Names.FailsafeOut, "-j " + Names.ToHostEndpoint]));
            Add("raw", Names.FromHostEndpoint, Build(family, dispatch.Named("-i ", "cali-fh-", any: false)));
            Add("raw", Names.ToHostEndpoint, Build(family, dispatch.Named("-o ", "cali-th-", any: false)));
            Add("mangle", Names.Prerouting, Build(family, [
                Marks.ClearPreDnat,
                Marks.UntrackedAccepted + " -j ACCEPT",
                "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                Local + "-j " + Names.FailsafeIn,
                "-j " + Names.FromHostEndpoint,
            ]));
            Add("mangle", Names.FromHostEndpoint, Build(family, dispatch.Named("-i ", "cali-fh-", any: true)));
            foreach (var table in KernelModel.Tables)
            {
                Add(table, Names.FailsafeIn, Build(family, Failsafe(layout.FailsafeInbound)));
                if (table != "mangle")
                {
                    Add(table, Names.FailsafeOut, Build(family, Failsafe(layout.FailsafeOutbound)));
                }
            }

            foreach (var endpoint in endpoints)
            {
                output.AddRange(EndpointChains(endpoint, family));
            }

            output.AddRange(StagePolicies(state, endpoints, family));
        }

        return output;
    }

    /// <summary>Whether a policy's chains in the raw or mangle table (if any) may need re-rendering for this change.</summary>
    public static bool UsesInRawOrMangle(LiveState state, PolicyId policy) =>
        state.Endpoints.Values.Any(e => e.Id.Kind == EndpointKind.Host
            && (Uses(e.UntrackedIngress, policy) || Uses(e.UntrackedEgress, policy) || Uses(e.PreDnatIngress, policy)));

    private static bool Uses(DirectionProgram program, PolicyId policy) =>
        ((IEnumerable<TierProgram>)program.Tiers).Any(t => ((IEnumerable<PolicyId>)t.Policies).Contains(policy))
        || (program.End == ProgramEnd.Profiles && ((IEnumerable<PolicyId>)program.Profiles).Contains(policy));

    private static IEnumerable<TableChain> EndpointChains(EndpointProgram endpoint, int family)
    {
        var name = endpoint.Id.Name;
        TableChain Stage(string table, string prefix, DirectionProgram program, Func<PolicyId, string> policy, string[] guard, string[]? accepted = null)
        {
            var chain = new ChainBuilder(family);
            chain.Add(Marks.ClearBoth);
            chain.AddRange(guard);
            ChainRenderer.Program(chain, program, policy, clear: false, accepted);
            return new TableChain(family, table, Names.HostEndpoint(prefix, name), chain.Build());
        }

        string[] Tracked(string failsafe, params string[] more) =>
            ["-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", "-m conntrack --ctstate INVALID -j DROP", "-j " + failsafe, .. more];
        string[] untracked = [Marks.SetUntrackedAccept, "-j CT --notrack", "-j ACCEPT"];
        return
        [
            Stage("filter", "cali-fh-", endpoint.Ingress, Names.PolicyIngress, Tracked(Names.FailsafeIn, Marks.PreDnatAccepted + " -j ACCEPT")),
            Stage("filter", "cali-th-", endpoint.Egress, Names.PolicyEgress, Tracked(Names.FailsafeOut)),
            Stage("filter", "cali-fhfw-", endpoint.ForwardIngress, Names.PolicyIngress, []),
            Stage("filter", "cali-thfw-", endpoint.ForwardEgress, Names.PolicyEgress, []),
            Stage("filter", "cali-thfwu-", endpoint.UntrackedEgress, Names.PolicyEgress, [], ["-j ACCEPT"]),
            Stage("raw", "cali-fh-", endpoint.UntrackedIngress, Names.PolicyIngress, [], untracked),
            Stage("raw", "cali-th-", endpoint.UntrackedEgress, Names.PolicyEgress, [], untracked),
            Stage("mangle", "cali-fh-", endpoint.PreDnatIngress, Names.PolicyIngress, [], [Marks.SetPreDnatAccept, "-j RETURN"]),
        ];
    }

    // The policy chains the raw and mangle stages jump to, each direction only where a stage uses it.
    private static IEnumerable<TableChain> StagePolicies(LiveState state, List<EndpointProgram> endpoints, int family)
    {
        var wanted = new SortedSet<(string Table, bool Ingress, PolicyId Id)>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (program, table, ingress) in new[] { (endpoint.UntrackedIngress, "raw", true), (endpoint.UntrackedEgress, "raw", false), (endpoint.PreDnatIngress, "mangle", true) })
            {
                foreach (var id in PolicyIds(program))
                {
                    wanted.Add((table, ingress, id));
                }
            }
        }

        foreach (var (table, ingress, id) in wanted)
        {
            var policy = state.Policies[id];
            yield return ingress
                ? new TableChain(family, table, Names.PolicyIngress(id), ChainRenderer.Policy(policy.Ingress, family))
                : new TableChain(family, table, Names.PolicyEgress(id), ChainRenderer.Policy(policy.Egress, family));
        }
    }

    private static IEnumerable<PolicyId> PolicyIds(DirectionProgram program) =>
        ((IEnumerable<TierProgram>)program.Tiers).SelectMany(t => (IEnumerable<PolicyId>)t.Policies).Where(p => !p.IsStaged)
            .Concat(program.End == ProgramEnd.Profiles ? (IEnumerable<PolicyId>)program.Profiles : []);

    private static List<string> Failsafe(IReadOnlyList<FailsafePort> ports) =>
        [.. ports.Distinct().Select(p => p.Protocol switch { 6 => "-p tcp -m tcp", 17 => "-p udp -m udp", _ => "-p sctp -m sctp" }
            + " --dport " + p.Port.ToString(CultureInfo.InvariantCulture) + " -j ACCEPT")];

    private static ChainBuilder Build(int family, IEnumerable<string> rules)
    {
        var chain = new ChainBuilder(family);
        chain.AddRange(rules);
        return chain;
    }

    /// <summary>Which endpoint owns each interface and address: the first by name wins one claimed twice.</summary>
    private sealed class Dispatch
    {
        private readonly Layout _layout;
        private readonly List<(string Interface, string Endpoint)> _interfaces = [];
        private readonly List<(string Address, string Endpoint)> _addresses = [];
        private readonly string? _any;

        public Dispatch(Layout layout, List<EndpointProgram> endpoints, int family)
        {
            _layout = layout;
            var interfaces = new HashSet<string>(StringComparer.Ordinal);
            var addresses = new HashSet<string>(StringComparer.Ordinal);
            foreach (var endpoint in endpoints)
            {
                if (endpoint.InterfaceName == "*")
                {
                    _any ??= endpoint.Id.Name;
                }
                else if (endpoint.InterfaceName is { Length: > 0 } iface
                    && !layout.WorkloadPrefixes.Any(p => iface.StartsWith(p, StringComparison.Ordinal)) && interfaces.Add(iface))
                {
                    _interfaces.Add((Names.Interface(iface), endpoint.Id.Name));
                }

                foreach (var network in endpoint.Addresses)
                {
                    var host = network.PrefixLength == (family == 4 ? 32 : 128);
                    if (host && SetElements.Family(network.BaseAddress) == family && addresses.Add(network.BaseAddress.ToString()))
                    {
                        _addresses.Add((network.BaseAddress.ToString(), endpoint.Id.Name));
                    }
                }
            }
        }

        /// <summary>Interface → endpoint chain; with <paramref name="any"/> every other non-loopback, non-workload interface → the <c>*</c> endpoint.</summary>
        public List<string> Named(string flag, string prefix, bool any)
        {
            var rules = _interfaces.Select(i => flag + i.Interface + " -g " + Names.HostEndpoint(prefix, i.Endpoint)).ToList();
            if (any && _any is { } all)
            {
                rules.Add(flag + "lo -j RETURN");
                rules.AddRange(_layout.WorkloadPrefixes.Select(p => flag + p + "+ -j RETURN"));
                rules.Add("-g " + Names.HostEndpoint(prefix, all));
            }

            return rules;
        }

        /// <summary>Forwarded egress: the doNotTrack stage (returns unless it decides), then the applyOnForward stage.</summary>
        public IEnumerable<string> ForwardEgress() => _interfaces.SelectMany(i => new[]
        {
            "-o " + i.Interface + " -j " + Names.HostEndpoint("cali-thfwu-", i.Endpoint),
            "-o " + i.Interface + " -g " + Names.HostEndpoint("cali-thfw-", i.Endpoint),
        });

        /// <summary>Destination address (expectedIPs) → the owning endpoint's ingress chain.</summary>
        public IEnumerable<string> ByAddress() => _addresses.Select(a => "-d " + a.Address + " -g " + Names.HostEndpoint("cali-fh-", a.Endpoint));
    }
}
