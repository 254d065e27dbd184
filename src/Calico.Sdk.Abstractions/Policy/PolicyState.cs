namespace Calico.Sdk.Policy;

/// <summary>
/// Accumulates deltas into the full desired state, for a dataplane that must be able to reconcile after a failed
/// apply, or a test comparing the sum of deltas with a snapshot. Not thread-safe.
/// </summary>
public sealed class PolicyState
{
    private readonly Dictionary<string, (IpSetKind Kind, SortedSet<IpSetMember> Members)> _ipSets = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyId, CompiledPolicy> _policies = [];
    private readonly Dictionary<EndpointId, EndpointProgram> _endpoints = [];

    /// <summary>Starts from the empty state at generation 0.</summary>
    public PolicyState()
    {
    }

    /// <summary>Starts from <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The starting state.</param>
    public PolicyState(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Generation = snapshot.Generation;
        foreach (var set in snapshot.IpSets.Values)
        {
            _ipSets[set.Id] = (set.Kind, new SortedSet<IpSetMember>(set.Members));
        }

        foreach (var (id, policy) in snapshot.Policies)
        {
            _policies[id] = policy;
        }

        foreach (var (id, endpoint) in snapshot.Endpoints)
        {
            _endpoints[id] = endpoint;
        }
    }

    /// <summary>The generation of the last applied delta.</summary>
    public long Generation { get; private set; }

    /// <summary>Applies one delta.</summary>
    /// <param name="delta">The delta; its generation must be <see cref="Generation"/> + 1.</param>
    /// <exception cref="InvalidOperationException">The delta is out of sequence, or references an unknown IP set.</exception>
    public void Apply(PolicyDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Generation != Generation + 1)
        {
            throw new InvalidOperationException(
                $"delta generation {delta.Generation} does not follow state generation {Generation}; reconcile from a snapshot");
        }

        foreach (var update in delta.IpSetUpdates)
        {
            if (!_ipSets.TryGetValue(update.Id, out var set))
            {
                set = (update.Kind, new SortedSet<IpSetMember>());
                _ipSets[update.Id] = set;
            }

            foreach (var member in update.Removed)
            {
                if (!set.Members.Remove(member))
                {
                    throw new InvalidOperationException($"IP set {update.Id}: removing absent member {member}");
                }
            }

            foreach (var member in update.Added)
            {
                if (!set.Members.Add(member))
                {
                    throw new InvalidOperationException($"IP set {update.Id}: adding present member {member}");
                }
            }
        }

        foreach (var policy in delta.PolicyUpdates)
        {
            _policies[policy.Id] = policy;
        }

        foreach (var endpoint in delta.EndpointUpdates)
        {
            _endpoints[endpoint.Id] = endpoint;
        }

        foreach (var id in delta.EndpointRemovals)
        {
            _endpoints.Remove(id);
        }

        foreach (var id in delta.PolicyRemovals)
        {
            _policies.Remove(id);
        }

        foreach (var id in delta.IpSetRemovals)
        {
            _ipSets.Remove(id);
        }

        Generation = delta.Generation;
    }

    /// <summary>Copies the current state into an immutable snapshot.</summary>
    /// <returns>The snapshot.</returns>
    public PolicySnapshot ToSnapshot() => new(
        Generation,
        _ipSets.ToDictionary(
            kv => kv.Key,
            kv => new IpSet(kv.Key, kv.Value.Kind, new EquatableArray<IpSetMember>(kv.Value.Members)),
            StringComparer.Ordinal),
        new Dictionary<PolicyId, CompiledPolicy>(_policies),
        new Dictionary<EndpointId, EndpointProgram>(_endpoints));
}
