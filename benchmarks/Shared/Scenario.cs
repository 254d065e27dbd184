using System.Net;
using Calico.Sdk.Policy;

namespace Calico.Benchmarks.Shared;

/// <summary>The policy states the benchmarks install: two pods, b's ingress allowing only members of a big set.</summary>
internal static class Scenario
{
    /// <summary>Host-side interface of pod a (the client).</summary>
    public const string IfA = "calibencha00001";

    /// <summary>Host-side interface of pod b (the server, the one with policy).</summary>
    public const string IfB = "calibenchb00001";

    public static readonly PolicyId Allow = new(PolicyKind.NetworkPolicy, "bench", "allow-from-set");
    public static readonly PolicyId Open = new(PolicyKind.Profile, null, "kns.bench");
    public const string BigSet = "s:big";

    public static IPNetwork Host(IPAddress ip) => new(ip, 32);

    /// <summary><paramref name="count"/> addresses in 10.200.0.0/16 and above, none of them a pod.</summary>
    public static IEnumerable<IpSetMember> Filler(int count) =>
        Enumerable.Range(0, count).Select(i => new IpSetMember(Host(new IPAddress([10, (byte)(200 + (i >> 16)), (byte)(i >> 8), (byte)i]))));

    public static PolicySnapshot State(long generation, bool withPolicy, IEnumerable<IpSetMember> members)
    {
        var open = new CompiledPolicy(Open, Wrap(new CompiledRule { Action = RuleAction.Allow }), Wrap(new CompiledRule { Action = RuleAction.Allow }));
        var allow = new CompiledPolicy(
            Allow,
            Wrap(new CompiledRule { Action = RuleAction.Allow, Source = new EntityMatch { IpSets = Wrap(BigSet) } }),
            default);
        var egress = new DirectionProgram(default, Wrap(Open), ProgramEnd.Profiles);
        EndpointProgram Pod(string name, string iface, string ip, bool policed) => new()
        {
            Id = EndpointId.Workload("bench", name),
            InterfaceName = iface,
            Addresses = Wrap(Host(IPAddress.Parse(ip))),
            Ingress = policed
                ? new DirectionProgram(Wrap(new TierProgram("default", Wrap(Allow), true)), Wrap(Open), ProgramEnd.Profiles)
                : egress,
            Egress = egress,
        };
        var sets = withPolicy
            ? new Dictionary<string, IpSet> { [BigSet] = new IpSet(BigSet, IpSetKind.Net, new EquatableArray<IpSetMember>(members.Order())) }
            : [];
        var policies = new Dictionary<PolicyId, CompiledPolicy> { [Open] = open };
        if (withPolicy)
        {
            policies[Allow] = allow;
        }

        var endpoints = new[] { Pod("a", IfA, "10.65.0.2", false), Pod("b", IfB, "10.65.0.3", withPolicy) };
        return new PolicySnapshot(generation, sets, policies, endpoints.ToDictionary(e => e.Id));
    }

    /// <summary>
    /// The set state plus <paramref name="policies"/> extra policies of <paramref name="rulesEach"/> rules in b's
    /// ingress tier (each rule allows TCP from one address no pod has), so that many rules are installed.
    /// </summary>
    public static PolicySnapshot WithRules(PolicySnapshot state, int policies, int rulesEach, int variant = 0)
    {
        var all = new Dictionary<PolicyId, CompiledPolicy>(state.Policies);
        var ids = new List<PolicyId>();
        for (var p = 0; p < policies; p++)
        {
            var id = new PolicyId(PolicyKind.NetworkPolicy, "bench", "rules-" + p.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ids.Add(id);
            all[id] = Many(id, p, rulesEach, p == 0 ? variant : 0);
        }

        var b = state.Endpoints[EndpointId.Workload("bench", "b")];
        var tier = new TierProgram("default", Wrap([.. ids, Allow]), true);
        var endpoints = new Dictionary<EndpointId, EndpointProgram>(state.Endpoints)
        {
            [b.Id] = b with { Ingress = new DirectionProgram(Wrap(tier), Wrap(Open), ProgramEnd.Profiles) },
        };
        return state with { Policies = all, Endpoints = endpoints };
    }

    /// <summary>Policy <paramref name="p"/> of <see cref="WithRules"/>; <paramref name="variant"/> changes its first rule's port.</summary>
    public static CompiledPolicy Many(PolicyId id, int p, int rules, int variant) => new(
        id,
        new EquatableArray<CompiledRule>([.. Enumerable.Range(0, rules).Select(r => new CompiledRule
        {
            Action = RuleAction.Allow,
            Protocol = 6,
            Source = new EntityMatch { Nets = Wrap(Host(new IPAddress([10, 230, (byte)p, (byte)r]))) },
            Destination = new EntityMatch { Ports = Wrap(new PortRange((ushort)(1000 + (r == 0 ? variant : 0)), (ushort)(1000 + (r == 0 ? variant : 0)))) },
            Index = r,
        })]),
        default);

    private static EquatableArray<T> Wrap<T>(params T[] items) => EquatableArray<T>.Wrap(items);
}
