namespace Calico.Sdk.Policy;

/// <summary>The complete desired dataplane state at one generation; what <c>IDataplane.ReconcileAsync</c> consumes.</summary>
/// <param name="Generation">The engine generation the snapshot reflects.</param>
/// <param name="IpSets">Every active IP set with its members, by id.</param>
/// <param name="Policies">Every active policy and profile, by id.</param>
/// <param name="Endpoints">Every local endpoint's program, by id.</param>
public sealed record PolicySnapshot(
    long Generation,
    IReadOnlyDictionary<string, IpSet> IpSets,
    IReadOnlyDictionary<PolicyId, CompiledPolicy> Policies,
    IReadOnlyDictionary<EndpointId, EndpointProgram> Endpoints)
{
    /// <summary>The empty state at generation 0.</summary>
    public static PolicySnapshot Empty { get; } = new(
        0,
        new Dictionary<string, IpSet>(),
        new Dictionary<PolicyId, CompiledPolicy>(),
        new Dictionary<EndpointId, EndpointProgram>());
}
