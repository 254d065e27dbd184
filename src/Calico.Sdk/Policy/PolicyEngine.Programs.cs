using Calico.Sdk.Policy.Graph;

namespace Calico.Sdk.Policy;

/// <summary>Per-endpoint ordered programs: tiers in order, policies in order, profiles last.</summary>
public sealed partial class PolicyEngine
{
    private enum Stage
    {
        Normal,
        Forward,
        PreDnat,
        Untracked,
    }

    private EndpointProgram ComputeProgram(LabelledNode node)
    {
        var model = node.Model;
        var tiers = node.Policies
            .Where(p => p.Tier.Model is not null)
            .GroupBy(p => p.Tier)
            .OrderBy(g => g.Key.Model!.Order ?? double.PositiveInfinity)
            .ThenBy(g => g.Key.Model!.Order is null ? 1 : 0)
            .ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => (Tier: g.Key, Policies: g
                .OrderBy(p => p.Model.Order ?? double.PositiveInfinity)
                .ThenBy(p => p.Model.Order is null ? 1 : 0)
                .ThenBy(p => p.Model.Id.SortKey, StringComparer.Ordinal)
                .ToArray()))
            .ToArray();
        var profiles = new EquatableArray<PolicyId>(node.Parents.Select(p => p.Id));
        var isHost = model.Endpoint!.Value.Kind == EndpointKind.Host;
        var program = new EndpointProgram
        {
            Id = model.Endpoint.Value,
            InterfaceName = model.InterfaceName,
            Addresses = EquatableArray<System.Net.IPNetwork>.Wrap(model.Addresses),
            AllowSpoofedSourcePrefixes = EquatableArray<System.Net.IPNetwork>.Wrap(model.AllowSpoofedSourcePrefixes),
            ResourceVersion = model.ResourceVersion,
            Ingress = Direction(tiers, Stage.Normal, ingress: true, profiles),
            Egress = Direction(tiers, Stage.Normal, ingress: false, profiles),
        };
        if (!isHost)
        {
            return program;
        }

        return program with
        {
            ForwardIngress = Direction(tiers, Stage.Forward, ingress: true, default),
            ForwardEgress = Direction(tiers, Stage.Forward, ingress: false, default),
            PreDnatIngress = Direction(tiers, Stage.PreDnat, ingress: true, default),
            UntrackedIngress = Direction(tiers, Stage.Untracked, ingress: true, default),
            UntrackedEgress = Direction(tiers, Stage.Untracked, ingress: false, default),
        };
    }

    private static DirectionProgram Direction(
        (TierNode Tier, PolicyNode[] Policies)[] tiers, Stage stage, bool ingress, EquatableArray<PolicyId> profiles)
    {
        var result = new List<TierProgram>();
        foreach (var (tier, policies) in tiers)
        {
            var ids = new List<PolicyId>();
            var enforced = false;
            foreach (var policy in policies)
            {
                var m = policy.Model;
                var inStage = stage switch
                {
                    Stage.Normal => !m.DoNotTrack && !m.PreDnat,
                    Stage.Forward => m.ApplyOnForward && !m.DoNotTrack && !m.PreDnat,
                    Stage.PreDnat => m.PreDnat,
                    _ => m.DoNotTrack,
                };
                if (inStage && (ingress ? m.Ingress : m.Egress))
                {
                    ids.Add(m.Id);
                    enforced |= !m.Id.IsStaged;
                }
            }

            if (ids.Count > 0)
            {
                var drop = enforced && !tier.Model!.DefaultPass && stage is Stage.Normal or Stage.Forward;
                result.Add(new TierProgram(tier.Name, new EquatableArray<PolicyId>(ids), drop));
            }
        }

        return new DirectionProgram(
            new EquatableArray<TierProgram>(result),
            profiles,
            stage == Stage.Normal ? ProgramEnd.Profiles : ProgramEnd.Continue);
    }
}
