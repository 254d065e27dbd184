using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.State;

/// <summary>The dataplane's model of its table: the desired state that was last committed (or is being built).</summary>
internal sealed class LiveState
{
    /// <summary>IP sets by id.</summary>
    public Dictionary<string, SetState> Sets { get; } = new(StringComparer.Ordinal);

    /// <summary>Policies and profiles by id.</summary>
    public Dictionary<PolicyId, CompiledPolicy> Policies { get; } = [];

    /// <summary>Endpoint programs by id.</summary>
    public Dictionary<EndpointId, EndpointProgram> Endpoints { get; } = [];

    /// <summary>The IP pools NAT outgoing works from (not part of the policy state: set by the node agent).</summary>
    public NatState Nat { get; set; } = NatState.Empty;

    /// <summary>The engine generation.</summary>
    public long Generation { get; set; }

    /// <summary>A copy of this state with other NAT pools (the dictionaries are copied; their values are immutable).</summary>
    public LiveState WithNat(NatState nat)
    {
        var copy = new LiveState { Generation = Generation, Nat = nat };
        foreach (var (id, set) in Sets)
        {
            copy.Sets[id] = set;
        }

        foreach (var (id, policy) in Policies)
        {
            copy.Policies[id] = policy;
        }

        foreach (var (id, endpoint) in Endpoints)
        {
            copy.Endpoints[id] = endpoint;
        }

        return copy;
    }

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
