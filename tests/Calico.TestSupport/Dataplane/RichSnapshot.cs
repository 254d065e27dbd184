using System.Net;
using Calico.Sdk.Policy;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.TestSupport.Dataplane;

/// <summary>A snapshot exercising every rule field, tiers, Pass, staged policies, nested CIDRs and named ports.</summary>
public static class RichSnapshot
{
    /// <summary>A global policy in the security tier that passes internal traffic.</summary>
    public static readonly PolicyId Tiered = new(PolicyKind.GlobalNetworkPolicy, null, "security.pass-internal");
    /// <summary>A staged policy (rendered, never enforced).</summary>
    public static readonly PolicyId Staged = new(PolicyKind.StagedNetworkPolicy, "x", "would-deny");
    /// <summary>A Kubernetes network policy with named ports and overlapping port ranges.</summary>
    public static readonly PolicyId Web = new(PolicyKind.KubernetesNetworkPolicy, "x", "knp.default.web");

    /// <summary>Builds the snapshot (generation 7).</summary>
    public static PolicySnapshot Build()
    {
        var nets = new IpSet("s:nets", IpSetKind.Net, Of(
            new IpSetMember(IPNetwork.Parse("10.0.0.0/8")),
            new IpSetMember(Host("10.1.2.3")),
            new IpSetMember(Host("192.168.0.7")),
            new IpSetMember(IPNetwork.Parse("fd00::/64")),
            new IpSetMember(Host("fd00::5"))));
        var named = new IpSet("n:serve-http", IpSetKind.NetPort, Of(
            new IpSetMember(Host("10.65.0.2"), 6, 8080),
            new IpSetMember(Host("fd00::2"), 6, 8080)));
        var pods = new IpSet(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.2"))));
        var tiered = new CompiledPolicy(
            Tiered,
            Of(
                new CompiledRule { Action = RuleAction.Pass, Source = new EntityMatch { Nets = Of(IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("10.2.0.0/16")), NotNets = Of(IPNetwork.Parse("10.9.0.0/16")) } },
                new CompiledRule { Action = RuleAction.Deny, Protocol = 1, Icmp = new IcmpMatch(8, 0), Index = 1 },
                new CompiledRule { Action = RuleAction.Deny, Protocol = 58, NotIcmp = new IcmpMatch(128, null), Index = 2 },
                new CompiledRule { Action = RuleAction.Deny, IpVersion = 6, NotProtocol = 17, Index = 3 },
                new CompiledRule { Action = RuleAction.Allow, NeverMatches = true, Source = new EntityMatch { IpSets = Of("s:gone") }, Index = 4 }),
            Of(new CompiledRule { Action = RuleAction.Deny, Protocol = 1, NotIcmp = new IcmpMatch(3, 4) }));
        var web = new CompiledPolicy(
            Web,
            Of(
                new CompiledRule
                {
                    Action = RuleAction.Allow,
                    Source = new EntityMatch { IpSets = Of("s:nets"), NotIpSets = Of(SetA) },
                    Destination = new EntityMatch { Ports = Of(new PortRange(80, 80), new PortRange(81, 90), new PortRange(85, 100)), NamedPortIpSets = Of("n:serve-http") },
                },
                new CompiledRule { Action = RuleAction.Log, Protocol = 132, Destination = new EntityMatch { NotPorts = Of(new PortRange(9, 9)) }, Index = 1 }),
            Of(new CompiledRule { Action = RuleAction.Allow, Protocol = 17, Destination = new EntityMatch { Nets = Of(IPNetwork.Parse("10.96.0.10/32")), Ports = Of(new PortRange(53, 53)) } }));
        var staged = new CompiledPolicy(Staged, Of(new CompiledRule { Action = RuleAction.Deny }), default);
        var a = Workload("a", "cali0000000000a", "10.65.0.2") with
        {
            Addresses = Of(Host("10.65.0.2"), Host("fd00::2")),
            AllowSpoofedSourcePrefixes = Of(IPNetwork.Parse("172.16.0.0/12")),
            Ingress = new DirectionProgram(
                Of(
                    new TierProgram("security", Of(Tiered), EndOfTierDrop: false),
                    new TierProgram("default", Of(Staged, Web), EndOfTierDrop: true)),
                Of(OpenProfile),
                ProgramEnd.Profiles),
            Egress = new DirectionProgram(Of(new TierProgram("default", Of(Web), EndOfTierDrop: true)), Of(OpenProfile), ProgramEnd.Profiles),
        };
        var b = Workload("b", "cali0000000000b", "10.65.0.3");
        var noInterface = Workload("c", "unused", "10.65.0.4") with { InterfaceName = null };
        return Snapshot(7, [nets, named, pods], [tiered, web, staged, AllowAll(OpenProfile)], [a, b, noInterface]);
    }
}
