namespace Calico.Sdk.Policy;

/// <summary>Settings of a <see cref="PolicyEngine"/>.</summary>
public sealed class PolicyEngineOptions
{
    /// <summary>
    /// The node whose endpoints are local (get programs); endpoints elsewhere only fill IP sets. Null makes every
    /// endpoint local, which is what the evaluator of a whole-cluster model (the netpol runner) needs.
    /// </summary>
    public string? LocalNode { get; set; }

    /// <summary>Workload → own host traffic after the workload's egress policy (Felix default: Drop).</summary>
    public EndpointToHostAction DefaultEndpointToHostAction { get; set; } = EndpointToHostAction.Drop;

    /// <summary>Host-endpoint ingress always allowed (Felix's default list).</summary>
    public IReadOnlyList<FailsafePort> FailsafeInbound { get; set; } = FailsafePort.DefaultInbound;

    /// <summary>Host-endpoint egress always allowed (Felix's default list).</summary>
    public IReadOnlyList<FailsafePort> FailsafeOutbound { get; set; } = FailsafePort.DefaultOutbound;
}
