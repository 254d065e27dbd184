using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

/// <summary>Endpoints, network sets and their IP set contributions.</summary>
public sealed partial class PolicyEngine
{
    private void UpsertLabelled(LabelledModel model)
    {
        if (!_labelled.TryGetValue(model.Key, out var node))
        {
            node = new LabelledNode(model);
            _labelled[model.Key] = node;
            LinkParents(node, model.Profiles);
            if (IsLocal(model))
            {
                AddLocal(node);
            }

            _index.AddNode(node);
            return;
        }

        var old = node.Model;
        if (IsLocal(model) != node.IsLocal)
        {
            RemoveLabelled(model.Key);
            UpsertLabelled(model);
            return;
        }

        var profilesChanged = !old.Profiles.AsSpan().SequenceEqual(model.Profiles);
        var changedLabels = ChangedKeys(old.Labels, model.Labels);
        var addressesChanged = !old.Addresses.AsSpan().SequenceEqual(model.Addresses) || !old.Ports.AsSpan().SequenceEqual(model.Ports);
        if (node.IsLocal)
        {
            if (addressesChanged)
            {
                IndexAddresses(node, add: false);
            }

            if (profilesChanged)
            {
                AdjustProfileRefs(node, -1);
            }

            MarkDirty(node);
        }

        if (addressesChanged)
        {
            ContributeAll(node, add: false);
            _suppressIpSetCallbacks = true;
        }

        node.Model = model;
        if (profilesChanged)
        {
            UnlinkParents(node);
            LinkParents(node, model.Profiles);
            _index.Reevaluate(node, null);
        }
        else if (changedLabels.Count > 0)
        {
            _index.Reevaluate(node, changedLabels);
        }

        if (addressesChanged)
        {
            _suppressIpSetCallbacks = false;
            ContributeAll(node, add: true);
        }

        if (node.IsLocal)
        {
            if (addressesChanged)
            {
                IndexAddresses(node, add: true);
            }

            if (profilesChanged)
            {
                AdjustProfileRefs(node, +1);
            }
        }
    }

    private void RemoveLabelled(string key)
    {
        if (!_labelled.Remove(key, out var node))
        {
            return;
        }

        _index.RemoveNode(node);
        if (node.IsLocal)
        {
            var id = node.Model.Endpoint!.Value;
            _localEndpoints.Remove(id);
            IndexAddresses(node, add: false);
            AdjustProfileRefs(node, -1);
            _removedEndpoints.Add(id);
            node.IsLocal = false;
        }

        UnlinkParents(node);
    }

    private bool IsLocal(LabelledModel model) =>
        model.Endpoint is not null && (_options.LocalNode is null || string.Equals(model.Node, _options.LocalNode, StringComparison.Ordinal));

    private void AddLocal(LabelledNode node)
    {
        node.IsLocal = true;
        _localEndpoints[node.Model.Endpoint!.Value] = node;
        IndexAddresses(node, add: true);
        AdjustProfileRefs(node, +1);
        MarkDirty(node);
    }

    private void IndexAddresses(LabelledNode node, bool add)
    {
        foreach (var address in node.Model.Addresses)
        {
            if (add)
            {
                _localByAddress.TryAdd(address.BaseAddress, node);
            }
            else if (_localByAddress.TryGetValue(address.BaseAddress, out var owner) && owner == node)
            {
                _localByAddress.Remove(address.BaseAddress);
            }
        }
    }

    private void AdjustProfileRefs(LabelledNode node, int delta)
    {
        foreach (var parent in node.Parents)
        {
            parent.LocalRefs += delta;
            MarkDirty(parent);
        }
    }

    private void LinkParents(LabelledNode node, string[] names)
    {
        var parents = new ProfileNode[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parents[i] = GetProfile(names[i]);
            parents[i].Children.Add(node);
        }

        node.Parents = parents;
    }

    private void UnlinkParents(LabelledNode node)
    {
        foreach (var parent in node.Parents)
        {
            parent.Children.Remove(node);
        }

        node.Parents = [];
    }

    private static List<string> ChangedKeys(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> now)
    {
        var changed = new List<string>();
        foreach (var (key, value) in old)
        {
            if (!now.TryGetValue(key, out var v) || !string.Equals(v, value, StringComparison.Ordinal))
            {
                changed.Add(key);
            }
        }

        foreach (var key in now.Keys)
        {
            if (!old.ContainsKey(key))
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    private void OnMatchChanged(SelectorEntry entry, LabelledNode node, bool matches)
    {
        if (node.IsLocal && entry.Policies.Count > 0)
        {
            foreach (var policy in entry.Policies)
            {
                if (matches)
                {
                    policy.LocalMatches.Add(node);
                    node.Policies.Add(policy);
                }
                else
                {
                    policy.LocalMatches.Remove(node);
                    node.Policies.Remove(policy);
                }

                MarkDirty(policy);
            }

            MarkDirty(node);
        }

        if (!_suppressIpSetCallbacks)
        {
            foreach (var set in entry.IpSets)
            {
                Contribute(set, node.Model, matches);
            }
        }
    }

    private void ContributeAll(LabelledNode node, bool add)
    {
        foreach (var entry in node.Matched)
        {
            foreach (var set in entry.IpSets)
            {
                Contribute(set, node.Model, add);
            }
        }
    }

    private void Contribute(IpSetNode set, LabelledModel model, bool add)
    {
        Touch(set);
        var def = set.Def;
        if (def.Kind == IpSetKind.Net)
        {
            foreach (var address in model.Addresses)
            {
                Count(set, new IpSetMember(address), add);
            }

            return;
        }

        foreach (var port in model.Ports)
        {
            if (!string.Equals(port.Name, def.PortName, StringComparison.Ordinal) || (def.Protocol != 0 && def.Protocol != port.Protocol))
            {
                continue;
            }

            foreach (var address in model.Addresses)
            {
                Count(set, new IpSetMember(address, port.Protocol, port.Port), add);
            }
        }
    }

    private static void Count(IpSetNode set, IpSetMember member, bool add)
    {
        if (add)
        {
            if (set.Counts.TryGetValue(member, out var c))
            {
                set.Counts[member] = c + 1;
                return;
            }

            set.Counts[member] = 1;
        }
        else
        {
            var c = set.Counts[member];
            if (c > 1)
            {
                set.Counts[member] = c - 1;
                return;
            }

            set.Counts.Remove(member);
        }

        if (!Cidr.IsHost(member.Network))
        {
            set.NonHostMembers += add ? 1 : -1;
        }

        if (set.EmittedAtStart && !set.Pending.Remove(member))
        {
            set.Pending[member] = add;
        }
    }

    private void Touch(IpSetNode set)
    {
        if (!set.Touched)
        {
            set.Touched = true;
            set.EmittedAtStart = set.Emitted;
            _touchedSets.Add(set);
        }
    }

    private void MarkDirty(LabelledNode node)
    {
        if (!node.Dirty)
        {
            node.Dirty = true;
            _dirtyEndpoints.Add(node);
        }
    }

    private void MarkDirty(PolicyNode policy)
    {
        if (!policy.Dirty)
        {
            policy.Dirty = true;
            _dirtyPolicies.Add(policy);
        }
    }

    private void MarkDirty(ProfileNode profile)
    {
        if (!profile.Dirty)
        {
            profile.Dirty = true;
            _dirtyProfiles.Add(profile);
        }
    }
}
