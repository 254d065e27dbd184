using System.Net;
using Calico.Sdk.Policy;

namespace Calico.TestSupport.Dataplane;

/// <summary>Hand-made policy states shared by the nftables and iptables dataplane tests: what the engine would emit, built directly so the dataplane is tested alone.</summary>
public static class Snapshots
{
    /// <summary>The namespaced policy built by <see cref="AllowFromAPolicy"/>.</summary>
    public static readonly PolicyId AllowFromA = new(PolicyKind.NetworkPolicy, "x", "allow-from-a");
    /// <summary>A profile that every workload applies after its tiers.</summary>
    public static readonly PolicyId OpenProfile = new(PolicyKind.Profile, null, "kns.x");
    /// <summary>The IP set holding pod a.</summary>
    public const string SetA = "s:pod-a";

    /// <summary>The host prefix (/32 or /128) of one address.</summary>
    public static IPNetwork Host(string ip) => IPNetwork.Parse(ip + (ip.Contains(':', StringComparison.Ordinal) ? "/128" : "/32"));

    /// <summary>An equatable array of the given items.</summary>
    public static EquatableArray<T> Of<T>(params T[] items) => EquatableArray<T>.Wrap(items);

    /// <summary>A policy allowing everything in both directions.</summary>
    public static CompiledPolicy AllowAll(PolicyId id) => new(
        id,
        Of(new CompiledRule { Action = RuleAction.Allow }),
        Of(new CompiledRule { Action = RuleAction.Allow }));

    /// <summary>Ingress: TCP 80 from members of <see cref="SetA"/>, UDP 53 from anyone, Log then nothing else.</summary>
    public static CompiledPolicy AllowFromAPolicy() => new(
        AllowFromA,
        Of(
            new CompiledRule
            {
                Action = RuleAction.Allow,
                Protocol = 6,
                Source = new EntityMatch { IpSets = Of(SetA) },
                Destination = new EntityMatch { Ports = Of(new PortRange(80, 80)) },
            },
            new CompiledRule { Action = RuleAction.Allow, Protocol = 17, Destination = new EntityMatch { Ports = Of(new PortRange(53, 53)) }, Index = 1 },
            new CompiledRule { Action = RuleAction.Log, Index = 2 }),
        Of<CompiledRule>());

    /// <summary>A workload endpoint with the default tier holding <paramref name="ingressPolicies"/> for ingress.</summary>
    public static EndpointProgram Workload(string name, string iface, string ip, params PolicyId[] ingressPolicies) => new()
    {
        Id = EndpointId.Workload("x", name),
        InterfaceName = iface,
        Addresses = Of(Host(ip)),
        ResourceVersion = "1",
        Ingress = new DirectionProgram(
            ingressPolicies.Length == 0 ? default : Of(new TierProgram("default", Of(ingressPolicies), EndOfTierDrop: true)),
            Of(OpenProfile),
            ProgramEnd.Profiles),
        Egress = new DirectionProgram(default, Of(OpenProfile), ProgramEnd.Profiles),
    };

    /// <summary>A snapshot of the given sets, policies and endpoints, keyed by their ids.</summary>
    public static PolicySnapshot Snapshot(long generation, IEnumerable<IpSet> sets, IEnumerable<CompiledPolicy> policies, IEnumerable<EndpointProgram> endpoints) => new(
        generation,
        sets.ToDictionary(s => s.Id, StringComparer.Ordinal),
        policies.ToDictionary(p => p.Id),
        endpoints.ToDictionary(e => e.Id));
}
