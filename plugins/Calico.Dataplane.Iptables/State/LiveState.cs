using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.State;

/// <summary>The dataplane's model of its chains and sets: the desired state that was last committed (or is being built).</summary>
internal sealed class LiveState
{
    /// <summary>IP sets by id.</summary>
    public Dictionary<string, SetState> Sets { get; } = new(StringComparer.Ordinal);

    /// <summary>Policies and profiles by id.</summary>
    public Dictionary<PolicyId, CompiledPolicy> Policies { get; } = [];

    /// <summary>Endpoint programs by id.</summary>
    public Dictionary<EndpointId, EndpointProgram> Endpoints { get; } = [];

    /// <summary>The engine generation.</summary>
    public long Generation { get; set; }

    /// <summary>Builds the model of a snapshot, checking that every reference resolves.</summary>
    /// <exception cref="ArgumentException">An endpoint references a missing policy or a rule a missing IP set.</exception>
    public static LiveState FromSnapshot(PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new LiveState { Generation = snapshot.Generation };
        foreach (var (id, set) in snapshot.IpSets)
        {
            state.Sets[id] = new SetState(set.Kind, set.Members);
        }

        foreach (var (id, policy) in snapshot.Policies)
        {
            state.Policies[id] = policy;
        }

        foreach (var (id, endpoint) in snapshot.Endpoints)
        {
            state.Endpoints[id] = endpoint;
        }

        state.Validate();
        return state;
    }

    /// <summary>Checks that every policy an endpoint uses and every IP set a rule uses is present.</summary>
    /// <exception cref="ArgumentException">Names the first dangling reference.</exception>
    public void Validate() => PolicyStateReferences.Validate(Policies, Endpoints.Values, Sets.ContainsKey, allStages: true);
}
