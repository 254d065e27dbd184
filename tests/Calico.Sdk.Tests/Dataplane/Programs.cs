using Calico.Sdk.Policy;

namespace Calico.Sdk.Tests.Dataplane;

/// <summary>Small policy-state builders for the dataplane helper tests.</summary>
internal static class Programs
{
    public static PolicyId PolicyNamed(string name, PolicyKind kind = PolicyKind.GlobalNetworkPolicy) => new(kind, null, name);

    public static DirectionProgram Direction(params PolicyId[] policies) =>
        new(new EquatableArray<TierProgram>([new TierProgram("default", new EquatableArray<PolicyId>(policies), true)]), default, ProgramEnd.Continue);

    public static EndpointProgram Endpoint(string name, string? version = null, DirectionProgram? ingress = null, DirectionProgram? forward = null) => new()
    {
        Id = new EndpointId(EndpointKind.Workload, "ns", name),
        ResourceVersion = version,
        Ingress = ingress ?? DirectionProgram.EmptyStage,
        Egress = DirectionProgram.EmptyStage,
        ForwardIngress = forward ?? DirectionProgram.EmptyStage,
    };

    public static CompiledPolicy PolicyWithRules(PolicyId id, params CompiledRule[] ingress) =>
        new(id, new EquatableArray<CompiledRule>(ingress), default);
}
