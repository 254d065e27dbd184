namespace Calico.Sdk.Policy;

/// <summary>
/// The output of one <see cref="IPolicyEngine.Apply(IReadOnlyList{PolicyUpdate})"/> call: what changed in the
/// desired dataplane state. Applying every delta in <see cref="Generation"/> order to the state of the snapshot they
/// follow yields exactly the engine's current <see cref="IPolicyEngine.Snapshot"/>.
/// </summary>
/// <remarks>
/// Dependency order for a dataplane that cannot apply a batch atomically: IP set updates, then policy updates,
/// then endpoint updates; then endpoint removals, policy removals, IP set removals. Nothing in a delta references
/// an IP set or policy that is neither in the delta nor already present.
/// </remarks>
public sealed record PolicyDelta
{
    /// <summary>The engine generation this delta produces (consecutive: each delta is previous + 1).</summary>
    public required long Generation { get; init; }

    /// <summary>IP sets created or whose membership changed.</summary>
    public EquatableArray<IpSetUpdate> IpSetUpdates { get; init; }

    /// <summary>Policies and profiles now active on a local endpoint whose compiled rules are new or changed.</summary>
    public EquatableArray<CompiledPolicy> PolicyUpdates { get; init; }

    /// <summary>Local endpoints whose program is new or changed.</summary>
    public EquatableArray<EndpointProgram> EndpointUpdates { get; init; }

    /// <summary>Local endpoints that are gone (or are no longer local).</summary>
    public EquatableArray<EndpointId> EndpointRemovals { get; init; }

    /// <summary>Policies and profiles no longer used by any local endpoint.</summary>
    public EquatableArray<PolicyId> PolicyRemovals { get; init; }

    /// <summary>IP sets no longer referenced by any active rule.</summary>
    public EquatableArray<string> IpSetRemovals { get; init; }

    /// <summary>Whether the delta changes nothing.</summary>
    public bool IsEmpty => IpSetUpdates.Count == 0 && PolicyUpdates.Count == 0 && EndpointUpdates.Count == 0
        && EndpointRemovals.Count == 0 && PolicyRemovals.Count == 0 && IpSetRemovals.Count == 0;
}
