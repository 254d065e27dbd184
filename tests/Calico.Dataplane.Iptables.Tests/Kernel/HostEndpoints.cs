using Calico.Sdk.Policy;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>Host endpoint programs and policies for the host endpoint tests.</summary>
internal static class HostEndpoints
{
    public static readonly PolicyId AllowWeb = new(PolicyKind.GlobalNetworkPolicy, null, "allow-8080");

    /// <summary>The uplink's host endpoint: ingress policies in one tier with end-of-tier drop, no profiles (deny by default).</summary>
    public static EndpointProgram Uplink(string iface, params PolicyId[] ingress) => new()
    {
        Id = EndpointId.Host("node1-eth0"),
        InterfaceName = iface,
        Addresses = Of(Host("172.18.0.2")),
        Ingress = new DirectionProgram(
            ingress.Length == 0 ? default : Of(new TierProgram("default", Of(ingress), EndOfTierDrop: true)),
            default,
            ProgramEnd.Profiles),
        Egress = new DirectionProgram(default, default, ProgramEnd.Profiles),
    };

    /// <summary>A preDNAT, doNotTrack or forward stage with these policies and no end-of-tier drop.</summary>
    public static DirectionProgram Stage(params PolicyId[] policies) =>
        new(Of(new TierProgram("default", Of(policies), EndOfTierDrop: false)), default, ProgramEnd.Continue);

    public static CompiledPolicy Rules(PolicyId id, params CompiledRule[] ingress) => new(id, Of(ingress), Of<CompiledRule>());

    public static CompiledRule Allow(byte protocol, ushort port) => Rule(RuleAction.Allow, protocol, port);

    public static CompiledRule Deny(byte protocol, ushort port) => Rule(RuleAction.Deny, protocol, port);

    public static CompiledRule AllowFromPort(byte protocol, ushort port) =>
        new() { Action = RuleAction.Allow, Protocol = protocol, Source = new EntityMatch { Ports = Of(new PortRange(port, port)) } };

    /// <summary>A snapshot with a host endpoint and the policies it uses added.</summary>
    public static PolicySnapshot WithHost(PolicySnapshot snapshot, EndpointProgram endpoint, params CompiledPolicy[] policies) => snapshot with
    {
        Endpoints = new Dictionary<EndpointId, EndpointProgram>(snapshot.Endpoints) { [endpoint.Id] = endpoint },
        Policies = policies.Aggregate(new Dictionary<PolicyId, CompiledPolicy>(snapshot.Policies), (all, p) => { all[p.Id] = p; return all; }),
    };

    public static string Save(IptablesBackend backend, int family) =>
        (family == 4 ? "iptables-" : "ip6tables-") + (backend == IptablesBackend.Legacy ? "legacy" : "nft") + "-save";

    private static CompiledRule Rule(RuleAction action, byte protocol, ushort port) =>
        new() { Action = action, Protocol = protocol, Destination = new EntityMatch { Ports = Of(new PortRange(port, port)) } };
}
