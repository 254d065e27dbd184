namespace Calico.Sdk.Policy;

/// <summary>A policy or profile as the dataplane needs it: its id and its compiled ingress and egress rules.</summary>
/// <param name="Id">The policy or profile id (profiles use <see cref="PolicyKind.Profile"/>).</param>
/// <param name="Ingress">Rules for traffic to the endpoint, in order.</param>
/// <param name="Egress">Rules for traffic from the endpoint, in order.</param>
public sealed record CompiledPolicy(PolicyId Id, EquatableArray<CompiledRule> Ingress, EquatableArray<CompiledRule> Egress)
{
    /// <summary>
    /// A stand-in for a profile that an endpoint references but that does not exist: both directions deny
    /// everything (Calico's <c>DummyDropRules</c>).
    /// </summary>
    /// <param name="id">The missing profile's id.</param>
    /// <returns>The deny-all program.</returns>
    public static CompiledPolicy DenyAll(PolicyId id) => new(
        id,
        EquatableArray<CompiledRule>.Wrap([new CompiledRule { Action = RuleAction.Deny }]),
        EquatableArray<CompiledRule>.Wrap([new CompiledRule { Action = RuleAction.Deny }]));
}
