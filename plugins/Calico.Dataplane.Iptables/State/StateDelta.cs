using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.State;

/// <summary>Computes the policy state a delta produces from the committed one (which is never modified).</summary>
internal static class StateDelta
{
    /// <summary>Applies <paramref name="delta"/> to a copy of <paramref name="live"/>.</summary>
    /// <exception cref="InvalidOperationException">The delta does not follow the state (wrong generation, absent
    /// member removed, present member added, dangling reference): reconcile instead.</exception>
    public static LiveState Apply(LiveState live, PolicyDelta delta)
    {
        if (delta.Generation != live.Generation + 1)
        {
            throw new InvalidOperationException($"delta generation {delta.Generation} does not follow applied generation {live.Generation}");
        }

        var next = new LiveState { Generation = delta.Generation };
        foreach (var (id, set) in live.Sets)
        {
            next.Sets[id] = set; // copied on write below
        }

        foreach (var (id, policy) in live.Policies)
        {
            next.Policies[id] = policy;
        }

        foreach (var (id, endpoint) in live.Endpoints)
        {
            next.Endpoints[id] = endpoint;
        }

        foreach (var update in delta.IpSetUpdates)
        {
            if (!next.Sets.TryGetValue(update.Id, out var old))
            {
                if (update.Removed.Count > 0)
                {
                    throw new InvalidOperationException($"IP set {update.Id}: removing members from a set that does not exist");
                }

                next.Sets[update.Id] = new SetState(update.Kind, update.Added);
                continue;
            }

            var set = old.With(update.Id, update.Removed, update.Added);
            next.Sets[update.Id] = set;
        }

        foreach (var policy in delta.PolicyUpdates)
        {
            next.Policies[policy.Id] = policy;
        }

        foreach (var endpoint in delta.EndpointUpdates)
        {
            next.Endpoints[endpoint.Id] = endpoint;
        }

        foreach (var id in delta.EndpointRemovals)
        {
            next.Endpoints.Remove(id);
        }

        foreach (var id in delta.PolicyRemovals)
        {
            next.Policies.Remove(id);
        }

        foreach (var id in delta.IpSetRemovals)
        {
            next.Sets.Remove(id);
        }

        try
        {
            Validate(next, delta);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"delta {delta.Generation} leaves a dangling reference: {e.Message}", e);
        }

        return next;
    }

    // Only what the delta touched can dangle: updated policies' sets and updated endpoints' policies. Removals can
    // leave anything dangling, so a delta with removals checks the whole state (as a snapshot does).
    private static void Validate(LiveState next, PolicyDelta delta)
    {
        if (delta.PolicyRemovals.Count > 0 || delta.IpSetRemovals.Count > 0)
        {
            next.Validate();
            return;
        }

        foreach (var policy in delta.PolicyUpdates)
        {
            foreach (var set in PolicyStateReferences.IpSets(policy))
            {
                if (!next.Sets.ContainsKey(set))
                {
                    throw new ArgumentException($"policy {policy.Id} references IP set {set}, which is not in the state");
                }
            }
        }

        foreach (var endpoint in delta.EndpointUpdates)
        {
            foreach (var policy in PolicyStateReferences.Policies(endpoint, allStages: true))
            {
                if (!next.Policies.ContainsKey(policy))
                {
                    throw new ArgumentException($"endpoint {endpoint.Id} references policy {policy}, which is not in the state");
                }
            }
        }
    }
}
