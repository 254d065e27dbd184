namespace Calico.Sdk.Policy;

/// <summary>
/// Calico's calculation graph: consumes endpoints, policies, tiers, profiles and network sets incrementally and
/// produces the desired dataplane state as deltas (which policies apply to which local endpoint in which order,
/// compiled rules, IP set membership). Also the policy evaluator (the oracle for kernel tests and
/// <c>calicoctl policy trace</c>).
/// </summary>
/// <remarks>
/// <para><b>Idempotency.</b> Upserting an object equal to the current one, or deleting an absent one, changes
/// nothing and yields an empty delta (the generation still advances by one).</para>
/// <para><b>Ordering.</b> Updates may arrive in any order across objects (a policy before its tier, an endpoint
/// before its profile): the state after a set of updates depends only on the last update of each object, never on
/// their order. Within one batch, later updates of the same object win.</para>
/// <para><b>Concurrency.</b> Every member is thread-safe; calls are serialised internally, so
/// <see cref="Evaluate"/> and <see cref="Snapshot"/> always see the state between two whole batches.</para>
/// <para><b>Errors.</b> A batch with an invalid object throws <see cref="PolicyInputException"/> naming every
/// invalid field, and changes nothing.</para>
/// </remarks>
public interface IPolicyEngine
{
    /// <summary>The generation of the current state: 0 initially, +1 per applied batch.</summary>
    long Generation { get; }

    /// <summary>Applies a batch of updates and returns what changed in the desired dataplane state.</summary>
    /// <param name="updates">The updates, applied in order.</param>
    /// <returns>The delta, with generation <see cref="Generation"/> (after the call).</returns>
    /// <exception cref="PolicyInputException">An object is invalid; nothing was applied.</exception>
    PolicyDelta Apply(IReadOnlyList<PolicyUpdate> updates);

    /// <summary>The full desired state now (what a dataplane reconciles to after its first sync or a failure).</summary>
    /// <returns>The snapshot, at <see cref="Generation"/>.</returns>
    PolicySnapshot Snapshot();

    /// <summary>
    /// Evaluates a new connection against the current state: the source endpoint's egress program, then the
    /// destination's ingress program (plus host-endpoint stages), exactly as the dataplane is told to enforce it.
    /// </summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The verdict, the stage/tier/policy/rule (or profile, end of tier, default) that decided, and a trace.</returns>
    PolicyDecision Evaluate(Flow flow);
}
