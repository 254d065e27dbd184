using Calico.Sdk.Policy.Graph;
using Calico.Sdk.Policy.Ingest;

namespace Calico.Sdk.Policy;

/// <summary>Policies, tiers and profiles.</summary>
public sealed partial class PolicyEngine
{
    private void UpsertPolicy(PolicyModel model)
    {
        var tier = GetTier(model.Tier);
        if (!_policies.TryGetValue(model.Id, out var node))
        {
            var entry = _index.Acquire(model.AppliesTo);
            node = new PolicyNode(model, entry, tier);
            _policies[model.Id] = node;
            entry.Policies.Add(node);
            tier.Policies.Add(node);
            foreach (var match in entry.Matches)
            {
                if (match.IsLocal)
                {
                    node.LocalMatches.Add(match);
                    match.Policies.Add(node);
                    MarkDirty(match);
                }
            }

            MarkDirty(node);
            return;
        }

        var old = node.Model;
        if (Same(old, model))
        {
            return;
        }

        if (old.AppliesTo != model.AppliesTo)
        {
            var entry = _index.Acquire(model.AppliesTo);
            entry.Policies.Add(node);
            node.AppliesTo.Policies.Remove(node);
            _index.Release(node.AppliesTo);
            node.AppliesTo = entry;
            foreach (var match in node.LocalMatches.ToArray())
            {
                if (!entry.Matches.Contains(match))
                {
                    node.LocalMatches.Remove(match);
                    match.Policies.Remove(node);
                    MarkDirty(match);
                }
            }

            foreach (var match in entry.Matches)
            {
                if (match.IsLocal && node.LocalMatches.Add(match))
                {
                    match.Policies.Add(node);
                }
            }
        }

        if (node.Tier != tier)
        {
            node.Tier.Policies.Remove(node);
            tier.Policies.Add(node);
            node.Tier = tier;
        }

        node.Model = model;
        foreach (var match in node.LocalMatches)
        {
            MarkDirty(match);
        }

        MarkDirty(node);
    }

    private static bool Same(PolicyModel a, PolicyModel b) =>
        a.Id == b.Id && a.Tier == b.Tier && a.Order == b.Order && a.AppliesTo == b.AppliesTo && a.Ingress == b.Ingress
        && a.Egress == b.Egress && a.DoNotTrack == b.DoNotTrack && a.PreDnat == b.PreDnat
        && a.ApplyOnForward == b.ApplyOnForward && a.Compiled == b.Compiled;

    private void RemovePolicy(PolicyId id)
    {
        if (!_policies.Remove(id, out var node))
        {
            return;
        }

        node.Deleted = true;
        node.AppliesTo.Policies.Remove(node);
        _index.Release(node.AppliesTo);
        foreach (var match in node.LocalMatches)
        {
            match.Policies.Remove(node);
            MarkDirty(match);
        }

        node.LocalMatches.Clear();
        node.Tier.Policies.Remove(node);
        MarkDirty(node);
    }

    private TierNode GetTier(string name)
    {
        if (!_tiers.TryGetValue(name, out var tier))
        {
            tier = new TierNode(name);
            _tiers[name] = tier;
        }

        return tier;
    }

    private void SetTier(string name, TierModel? model)
    {
        var tier = GetTier(name);
        if (tier.Model == model)
        {
            return;
        }

        tier.Model = model;
        foreach (var policy in tier.Policies)
        {
            MarkDirty(policy);
            foreach (var match in policy.LocalMatches)
            {
                MarkDirty(match);
            }
        }
    }

    private ProfileNode GetProfile(string name)
    {
        if (!_profiles.TryGetValue(name, out var profile))
        {
            profile = new ProfileNode(name);
            _profiles[name] = profile;
        }

        return profile;
    }

    private void SetProfile(string name, ProfileModel? model)
    {
        var profile = GetProfile(name);
        var old = profile.Model;
        if (old is not null && model is not null && old.Compiled == model.Compiled
            && ChangedKeys(old.LabelsToApply, model.LabelsToApply).Count == 0)
        {
            return;
        }

        var changed = ChangedKeys(profile.Labels, model?.LabelsToApply ?? []);
        profile.Model = model;
        if (changed.Count > 0)
        {
            foreach (var child in profile.Children.ToArray())
            {
                _index.Reevaluate(child, changed);
            }
        }

        MarkDirty(profile);
    }
}
