using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Renders a <see cref="PolicyDelta"/> against the committed state as the smallest nft transaction: set elements
/// added or deleted, only the changed chains flushed and re-filled, dispatch entries added or removed. Produces the
/// state the kernel will hold once the script commits; the committed state is never modified.
/// </summary>
internal static class DeltaRenderer
{
    /// <summary>Renders <paramref name="delta"/>.</summary>
    /// <exception cref="InvalidOperationException">The delta does not follow the state (wrong generation, absent
    /// member removed, present member added, dangling reference): nothing was rendered; reconcile instead.</exception>
    public static (Script Script, LiveState Next) Render(TableLayout layout, LiveState live, PolicyDelta delta)
    {
        if (delta.Generation != live.Generation + 1)
        {
            throw new InvalidOperationException($"delta generation {delta.Generation} does not follow applied generation {live.Generation}");
        }

        var script = new Script(layout);
        var next = new LiveState { Generation = delta.Generation, Nat = live.Nat };
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
            SetUpdate(script, next, update);
        }

        foreach (var policy in delta.PolicyUpdates)
        {
            if (next.Policies.ContainsKey(policy.Id))
            {
                script.ReplaceChain(NftNames.PolicyIngress(policy.Id), ChainRenderer.Policy(policy.Ingress));
                script.ReplaceChain(NftNames.PolicyEgress(policy.Id), ChainRenderer.Policy(policy.Egress));
            }
            else
            {
                TableRenderer.NewPolicy(script, policy);
            }

            next.Policies[policy.Id] = policy;
        }

        var hostsChanged = false;
        var removedHosts = new List<EndpointProgram>();
        foreach (var endpoint in delta.EndpointUpdates)
        {
            if (endpoint.Id.Kind == EndpointKind.Host)
            {
                HostEndpointRenderer.Chains(script, endpoint, replace: next.Endpoints.ContainsKey(endpoint.Id));
                next.Endpoints[endpoint.Id] = endpoint;
                hostsChanged = true;
                continue;
            }

            if (next.Endpoints.TryGetValue(endpoint.Id, out var old) && old.InterfaceName == endpoint.InterfaceName
                && endpoint.InterfaceName is { } iface && endpoint.Id.Kind == EndpointKind.Workload)
            {
                script.ReplaceChain(NftNames.ToEndpoint(iface), ChainRenderer.ToEndpoint(endpoint));
                script.ReplaceChain(NftNames.FromEndpoint(iface), ChainRenderer.FromEndpoint(endpoint));
            }
            else
            {
                if (old is not null)
                {
                    TableRenderer.DeleteEndpoint(script, old);
                }

                TableRenderer.NewEndpoint(script, endpoint);
            }

            next.Endpoints[endpoint.Id] = endpoint;
        }

        foreach (var id in delta.EndpointRemovals)
        {
            if (next.Endpoints.Remove(id, out var old))
            {
                if (old.Id.Kind == EndpointKind.Host)
                {
                    removedHosts.Add(old);
                    hostsChanged = true;
                }
                else
                {
                    TableRenderer.DeleteEndpoint(script, old);
                }
            }
        }

        if (hostsChanged)
        {
            // Host endpoints are few: re-fill all their dispatch entries, then drop the chains nothing references.
            HostEndpointRenderer.Dispatch(script, next, flush: true);
            foreach (var old in removedHosts)
            {
                HostEndpointRenderer.Delete(script, old);
            }
        }

        foreach (var id in delta.PolicyRemovals)
        {
            if (next.Policies.Remove(id))
            {
                script.Add("delete", "chain", NftNames.PolicyIngress(id));
                script.Add("delete", "chain", NftNames.PolicyEgress(id));
            }
        }

        foreach (var id in delta.IpSetRemovals)
        {
            if (next.Sets.Remove(id))
            {
                script.Add("delete", "set", NftNames.Set(id, 4));
                script.Add("delete", "set", NftNames.Set(id, 6));
            }
        }

        try
        {
            next.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"delta {delta.Generation} leaves a dangling reference: {e.Message}", e);
        }

        return (script, next);
    }

    private static void SetUpdate(Script script, LiveState next, IpSetUpdate update)
    {
        if (!next.Sets.TryGetValue(update.Id, out var old))
        {
            if (update.Removed.Count > 0)
            {
                throw new InvalidOperationException($"IP set {update.Id}: removing members from a set that does not exist");
            }

            var created = new SetState(update.Kind, update.Added);
            TableRenderer.NewSet(script, update.Id, created);
            next.Sets[update.Id] = created;
            return;
        }

        var set = old.With(update.Id, update.Removed, update.Added);
        if (old.HasNetworks != set.HasNetworks)
        {
            Reshape(script, next, update.Id, set);
            next.Sets[update.Id] = set;
            return;
        }

        foreach (var family in new[] { 4, 6 })
        {
            var name = NftNames.Set(update.Id, family);
            IEnumerable<IpSetMember> removed, added;
            if (set.HasNetworks)
            {
                // Nested CIDRs: diff the overlap-free element lists.
                var before = SetElements.Effective(old.Members, family).ToHashSet();
                var after = SetElements.Effective(set.Members, family).ToHashSet();
                removed = before.Except(after);
                added = after.Except(before);
            }
            else
            {
                removed = update.Removed.AsSpan().ToArray().Where(m => SetElements.Family(m.Network.BaseAddress) == family);
                added = update.Added.AsSpan().ToArray().Where(m => SetElements.Family(m.Network.BaseAddress) == family);
            }

            script.Elements("delete", name, [.. removed.Select(SetElements.Format)]);
            script.Elements("add", name, [.. added.Select(SetElements.Format)]);
        }

        next.Sets[update.Id] = set;
    }

    // A set turning from host-only (hash) to holding CIDRs (interval) or back is re-created under the same name:
    // the chains using it are emptied first, so the delete is legal, then re-filled, all in the same transaction.
    private static void Reshape(Script script, LiveState next, string id, SetState set)
    {
        var users = next.Policies.Values.Where(p => PolicyStateReferences.IpSets(p).Contains(id, StringComparer.Ordinal)).ToList();
        foreach (var policy in users)
        {
            script.Add("flush", "chain", NftNames.PolicyIngress(policy.Id));
            script.Add("flush", "chain", NftNames.PolicyEgress(policy.Id));
        }

        script.Add("delete", "set", NftNames.Set(id, 4));
        script.Add("delete", "set", NftNames.Set(id, 6));
        TableRenderer.NewSet(script, id, set);
        foreach (var policy in users)
        {
            script.Rules(NftNames.PolicyIngress(policy.Id), ChainRenderer.Policy(policy.Ingress));
            script.Rules(NftNames.PolicyEgress(policy.Id), ChainRenderer.Policy(policy.Egress));
        }
    }
}
