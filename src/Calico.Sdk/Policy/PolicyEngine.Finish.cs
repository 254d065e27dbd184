using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

/// <summary>End of a batch: activation, IP set lifetime, endpoint programs, the delta; and snapshots.</summary>
public sealed partial class PolicyEngine
{
    /// <inheritdoc />
    public PolicySnapshot Snapshot()
    {
        lock (_lock)
        {
            var sets = new Dictionary<string, IpSet>(StringComparer.Ordinal);
            foreach (var set in _ipSets.Values)
            {
                if (set.Emitted)
                {
                    sets[set.Def.Id] = new IpSet(set.Def.Id, set.Def.Kind, SortedMembers(set.Counts.Keys));
                }
            }

            return new PolicySnapshot(
                Generation,
                sets,
                new Dictionary<PolicyId, CompiledPolicy>(_emittedPolicies),
                new Dictionary<EndpointId, EndpointProgram>(_emittedEndpoints));
        }
    }

    private PolicyDelta FinishBatch()
    {
        var desired = new Dictionary<PolicyId, CompiledPolicy?>();
        foreach (var policy in _dirtyPolicies.OrderBy(p => !p.Deleted))
        {
            var active = !policy.Deleted && policy.LocalMatches.Count > 0 && policy.Tier.Model is not null;
            Reference(policy.ReferencedSets, active ? policy.Model.IpSets : [], out var now);
            policy.ReferencedSets = now;
            desired[policy.Model.Id] = active ? policy.Model.Compiled : null;
            policy.Dirty = false;
        }

        foreach (var profile in _dirtyProfiles)
        {
            var active = profile.LocalRefs > 0;
            Reference(profile.ReferencedSets, active ? profile.Model?.IpSets ?? [] : [], out var now);
            profile.ReferencedSets = now;
            desired[profile.Id] = active ? profile.Compiled : null;
            profile.Dirty = false;
        }

        _dirtyPolicies.Clear();
        _dirtyProfiles.Clear();

        var policyUpdates = new List<CompiledPolicy>();
        var policyRemovals = new List<PolicyId>();
        foreach (var (id, compiled) in desired)
        {
            var had = _emittedPolicies.TryGetValue(id, out var old);
            if (compiled is null)
            {
                if (had)
                {
                    _emittedPolicies.Remove(id);
                    policyRemovals.Add(id);
                }
            }
            else if (!had || old != compiled)
            {
                _emittedPolicies[id] = compiled;
                policyUpdates.Add(compiled);
            }
        }

        var endpointUpdates = new List<EndpointProgram>();
        foreach (var node in _dirtyEndpoints)
        {
            node.Dirty = false;
            if (!node.IsLocal)
            {
                continue;
            }

            var program = ComputeProgram(node);
            if (!_emittedEndpoints.TryGetValue(program.Id, out var old) || old != program)
            {
                _emittedEndpoints[program.Id] = program;
                endpointUpdates.Add(program);
            }
        }

        _dirtyEndpoints.Clear();
        var endpointRemovals = new List<EndpointId>();
        foreach (var id in _removedEndpoints)
        {
            if (!_localEndpoints.ContainsKey(id) && _emittedEndpoints.Remove(id))
            {
                endpointRemovals.Add(id);
            }
        }

        _removedEndpoints.Clear();
        var (setUpdates, setRemovals) = FinishIpSets();
        Generation++;
        return new PolicyDelta
        {
            Generation = Generation,
            IpSetUpdates = new EquatableArray<IpSetUpdate>(setUpdates.OrderBy(u => u.Id, StringComparer.Ordinal)),
            PolicyUpdates = new EquatableArray<CompiledPolicy>(policyUpdates.OrderBy(p => p.Id.ToString(), StringComparer.Ordinal)),
            EndpointUpdates = new EquatableArray<EndpointProgram>(endpointUpdates.OrderBy(e => e.Id)),
            EndpointRemovals = new EquatableArray<EndpointId>(endpointRemovals.Order()),
            PolicyRemovals = new EquatableArray<PolicyId>(policyRemovals.OrderBy(p => p.ToString(), StringComparer.Ordinal)),
            IpSetRemovals = new EquatableArray<string>(setRemovals.Order(StringComparer.Ordinal)),
        };
    }

    // References the new sets before releasing the old ones, so a set both use is never torn down.
    private void Reference(IpSetDef[] old, IpSetDef[] now, out IpSetDef[] result)
    {
        result = now;
        if (ReferenceEquals(old, now))
        {
            return;
        }

        foreach (var def in now)
        {
            if (!_ipSets.TryGetValue(def.Id, out var set))
            {
                var entry = _index.Acquire(def.Selector);
                set = new IpSetNode(def, entry);
                _ipSets[def.Id] = set;
                entry.IpSets.Add(set);
                Touch(set);
                foreach (var match in entry.Matches)
                {
                    Contribute(set, match.Model, add: true);
                }
            }

            set.RefCount++;
            Touch(set);
        }

        foreach (var def in old)
        {
            var set = _ipSets[def.Id];
            set.RefCount--;
            Touch(set);
        }
    }

    private (List<IpSetUpdate> Updates, List<string> Removals) FinishIpSets()
    {
        var updates = new List<IpSetUpdate>();
        var removals = new List<string>();
        foreach (var set in _touchedSets)
        {
            var alive = set.RefCount > 0;
            if (!alive)
            {
                set.Entry.IpSets.Remove(set);
                _index.Release(set.Entry);
                _ipSets.Remove(set.Def.Id);
                if (set.EmittedAtStart)
                {
                    removals.Add(set.Def.Id);
                }
            }
            else if (!set.EmittedAtStart)
            {
                updates.Add(new IpSetUpdate(set.Def.Id, set.Def.Kind, SortedMembers(set.Counts.Keys), default));
            }
            else if (set.Pending.Count > 0)
            {
                updates.Add(new IpSetUpdate(
                    set.Def.Id,
                    set.Def.Kind,
                    SortedMembers(set.Pending.Where(p => p.Value).Select(p => p.Key)),
                    SortedMembers(set.Pending.Where(p => !p.Value).Select(p => p.Key))));
            }

            set.Emitted = alive;
            set.Touched = false;
            set.Pending.Clear();
        }

        _touchedSets.Clear();
        return (updates, removals);
    }

    private static EquatableArray<IpSetMember> SortedMembers(IEnumerable<IpSetMember> members)
    {
        var array = members.ToArray();
        Array.Sort(array);
        return EquatableArray<IpSetMember>.Wrap(array);
    }
}
