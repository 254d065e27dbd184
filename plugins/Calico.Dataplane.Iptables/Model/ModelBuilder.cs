using System.Collections.Immutable;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Model;

/// <summary>
/// Builds the kernel model of a policy state: fully for a reconcile, or from the committed model by re-rendering
/// only the chains and sets a delta touches (unchanged chains and sets are shared with the committed model).
/// </summary>
internal static class ModelBuilder
{
    /// <summary>The complete model of <paramref name="state"/>.</summary>
    public static KernelModel Full(Layout layout, LiveState state)
    {
        var model = new KernelModel();
        foreach (var (id, set) in state.Sets)
        {
            PutSet(model, id, set);
        }

        foreach (var policy in state.Policies.Values)
        {
            PutPolicy(model, policy);
        }

        foreach (var endpoint in state.Endpoints.Values)
        {
            PutEndpoint(model, endpoint);
        }

        PutHostPart(layout, model, state);
        PutDispatch(layout, model, state);
        return model;
    }

    /// <summary>The model of <paramref name="next"/> = <paramref name="live"/> + <paramref name="delta"/>, derived from <paramref name="committed"/>.</summary>
    public static KernelModel Update(Layout layout, KernelModel committed, LiveState live, LiveState next, PolicyDelta delta)
    {
        var model = committed.Clone();
        foreach (var update in delta.IpSetUpdates)
        {
            UpdateSet(model, live, next, update);
        }

        foreach (var policy in delta.PolicyUpdates)
        {
            PutPolicy(model, policy);
        }

        var dispatchChanged = false;
        var hostChanged = delta.EndpointUpdates.Any(e => e.Id.Kind == EndpointKind.Host) || delta.EndpointRemovals.Any(e => e.Kind == EndpointKind.Host)
            || delta.PolicyUpdates.Any(p => HostEndpointRenderer.UsesInRawOrMangle(live, p.Id) || HostEndpointRenderer.UsesInRawOrMangle(next, p.Id));
        foreach (var endpoint in delta.EndpointUpdates)
        {
            if (live.Endpoints.TryGetValue(endpoint.Id, out var old))
            {
                dispatchChanged |= Interface(old) != Interface(endpoint);
                if (Interface(old) != Interface(endpoint))
                {
                    RemoveEndpoint(model, old);
                }
            }
            else
            {
                dispatchChanged |= Interface(endpoint) is not null;
            }

            PutEndpoint(model, endpoint);
        }

        foreach (var id in delta.EndpointRemovals)
        {
            if (live.Endpoints.TryGetValue(id, out var old) && !next.Endpoints.ContainsKey(id))
            {
                dispatchChanged |= Interface(old) is not null;
                RemoveEndpoint(model, old);
            }
        }

        foreach (var id in delta.PolicyRemovals)
        {
            if (!next.Policies.ContainsKey(id))
            {
                foreach (var family in KernelModel.Families)
                {
                    model.SetChain(family, Names.PolicyIngress(id), null);
                    model.SetChain(family, Names.PolicyEgress(id), null);
                }
            }
        }

        foreach (var id in delta.IpSetRemovals)
        {
            if (!next.Sets.ContainsKey(id))
            {
                model.Sets.Remove(Names.Set(id, 4));
                model.Sets.Remove(Names.Set(id, 6));
            }
        }

        if (dispatchChanged)
        {
            PutDispatch(layout, model, next);
        }

        if (hostChanged)
        {
            PutHostPart(layout, model, next);
        }

        return model;
    }

    // The hook, host endpoint and raw/mangle policy chains: the new set replaces the old (dropped ones removed).
    private static void PutHostPart(Layout layout, KernelModel model, LiveState state)
    {
        var chains = HostEndpointRenderer.Render(layout, state);
        var keep = chains.Select(c => (c.Family, c.Table, c.Name)).ToHashSet();
        foreach (var (family, table, name) in model.HostPart.Where(k => !keep.Contains(k)))
        {
            model.SetChain(family, table, name, null);
        }

        foreach (var chain in chains)
        {
            model.SetChain(chain.Family, chain.Table, chain.Name, chain.Body);
        }

        model.HostPart = keep;
    }

    private static string? Interface(EndpointProgram endpoint) =>
        endpoint.Id.Kind == EndpointKind.Workload ? endpoint.InterfaceName : null;

    private static void PutSet(KernelModel model, string id, SetState set)
    {
        foreach (var family in KernelModel.Families)
        {
            var name = Names.Set(id, family);
            // A plain hash set (fast to build for a full sync); the first delta of this set makes it immutable.
            model.Sets[name] = new IpsetSpec(name, Type(set.Kind), family, SetElements.Of(set.Kind, set.Members, family));
        }
    }

    private static void UpdateSet(KernelModel model, LiveState live, LiveState next, IpSetUpdate update)
    {
        var set = next.Sets[update.Id];
        if (!live.Sets.ContainsKey(update.Id) || update.Removed.AsSpan().ToArray().Any(SetElements.SharesElements))
        {
            PutSet(model, update.Id, set); // new set, or a /0 whose halves other members may also hold
            return;
        }

        foreach (var family in KernelModel.Families)
        {
            var name = Names.Set(update.Id, family);
            var removed = update.Removed.AsSpan().ToArray().Where(m => SetElements.Family(m.Network.BaseAddress) == family).ToList();
            var added = update.Added.AsSpan().ToArray().Where(m => SetElements.Family(m.Network.BaseAddress) == family).ToList();
            if (removed.Count == 0 && added.Count == 0)
            {
                continue;
            }

            // O(changed elements): the element set is immutable and shared with the committed model.
            var before = model.Sets[name];
            var elements = before.Elements as ImmutableHashSet<string> ?? [.. before.Elements];
            var gone = removed.SelectMany(m => SetElements.Member(set.Kind, m)).Where(elements.Contains).ToList();
            var come = added.SelectMany(m => SetElements.Member(set.Kind, m)).Distinct(StringComparer.Ordinal).ToList();
            elements = elements.Except(gone).Union(come);
            model.Sets[name] = new IpsetSpec(name, Type(set.Kind), family, elements)
            {
                BaseVersion = before.Version,
                Added = [.. come.Where(e => !before.Elements.Contains(e))],
                Removed = [.. gone.Where(e => !elements.Contains(e))],
            };
        }
    }

    private static string Type(IpSetKind kind) => kind == IpSetKind.Net ? "hash:net" : "hash:ip,port";

    private static void PutPolicy(KernelModel model, CompiledPolicy policy)
    {
        foreach (var family in KernelModel.Families)
        {
            model.SetChain(family, Names.PolicyIngress(policy.Id), ChainRenderer.Policy(policy.Ingress, family));
            model.SetChain(family, Names.PolicyEgress(policy.Id), ChainRenderer.Policy(policy.Egress, family));
        }
    }

    private static void PutEndpoint(KernelModel model, EndpointProgram endpoint)
    {
        if (Interface(endpoint) is not { } iface)
        {
            return; // host endpoints and workloads without an interface get no chains
        }

        foreach (var family in KernelModel.Families)
        {
            model.SetChain(family, Names.ToEndpoint(iface), ChainRenderer.ToEndpoint(endpoint, family));
            model.SetChain(family, Names.FromEndpoint(iface), ChainRenderer.FromEndpoint(endpoint, family));
        }
    }

    private static void RemoveEndpoint(KernelModel model, EndpointProgram endpoint)
    {
        if (Interface(endpoint) is not { } iface)
        {
            return;
        }

        foreach (var family in KernelModel.Families)
        {
            model.SetChain(family, Names.ToEndpoint(iface), null);
            model.SetChain(family, Names.FromEndpoint(iface), null);
        }
    }

    private static void PutDispatch(Layout layout, KernelModel model, LiveState state)
    {
        var interfaces = state.Endpoints.Values.Select(Interface).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var family in KernelModel.Families)
        {
            model.SetChain(family, Names.FromDispatch, ChainRenderer.Dispatch(layout, interfaces, from: true, family));
            model.SetChain(family, Names.ToDispatch, ChainRenderer.Dispatch(layout, interfaces, from: false, family));
        }
    }
}
