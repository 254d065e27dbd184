using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>
/// Calico's write-time defaulting: what the API server / client library fills in before validating and storing.
/// Idempotent: applying it twice changes nothing the second time.
/// </summary>
public static class ResourceDefaults
{
    /// <summary>The label stamped on every policy with the name of its tier.</summary>
    public const string TierLabel = "projectcalico.org/tier";

    /// <summary>The tier of policies that name none.</summary>
    public const string DefaultTier = "default";

    /// <summary>The namespace given to namespaced resources that name none (as calicoctl does).</summary>
    public const string DefaultNamespace = "default";

    /// <summary>Fills in defaults in place.</summary>
    /// <param name="resource">The resource to complete.</param>
    public static void Apply(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        resource.Metadata ??= new ObjectMeta();
        if (ResourceKinds.ForType(resource.GetType()) is { Namespaced: true } && string.IsNullOrEmpty(resource.Metadata.Namespace))
        {
            resource.Metadata.Namespace = DefaultNamespace;
        }

        switch (resource)
        {
            case NetworkPolicy p:
                p.Spec.Tier = Policy(p, p.Spec.Tier, p.Spec.Types ??= [], p.Spec.Ingress, p.Spec.Egress);
                break;
            case GlobalNetworkPolicy p:
                p.Spec.Tier = Policy(p, p.Spec.Tier, p.Spec.Types ??= [], p.Spec.Ingress, p.Spec.Egress);
                break;
            case StagedNetworkPolicy p:
                p.Spec.StagedAction = NullIfEmpty(p.Spec.StagedAction) ?? "Set";
                p.Spec.Tier = Policy(p, p.Spec.Tier, p.Spec.Types ??= [], p.Spec.Ingress, p.Spec.Egress);
                break;
            case StagedGlobalNetworkPolicy p:
                p.Spec.StagedAction = NullIfEmpty(p.Spec.StagedAction) ?? "Set";
                p.Spec.Tier = Policy(p, p.Spec.Tier, p.Spec.Types ??= [], p.Spec.Ingress, p.Spec.Egress);
                break;
            case Tier t:
                t.Spec.DefaultAction = NullIfEmpty(t.Spec.DefaultAction) ?? "Deny";
                break;
            case IPPool pool:
                Pool(pool.Spec);
                break;
            case IPAMConfiguration config:
                config.Spec.StrictAffinity ??= false;
                config.Spec.AutoAllocateBlocks ??= true;
                config.Spec.MaxBlocksPerHost ??= 0;
                config.Spec.KubeVirtVmAddressPersistence = NullIfEmpty(config.Spec.KubeVirtVmAddressPersistence) ?? "Enabled";
                break;
            case BlockAffinity affinity:
                affinity.Spec.Type = NullIfEmpty(affinity.Spec.Type) ?? "host";
                break;
            case KubernetesNetworkPolicy knp:
                KubernetesPolicy(knp.Spec);
                break;
        }
    }

    /// <summary>The default block size of a pool CIDR: 26 for IPv4, 122 for IPv6 (26 when the CIDR is unparseable).</summary>
    /// <param name="cidr">The pool CIDR.</param>
    /// <returns>The block size.</returns>
    public static int DefaultBlockSize(string? cidr) => cidr is not null && cidr.Contains(':', StringComparison.Ordinal) ? 122 : 26;

    private static string Policy(Resource policy, string? tier, IList<string> types, IList<Rule>? ingress, IList<Rule>? egress)
    {
        tier = NullIfEmpty(tier) ?? DefaultTier;
        if (types.Count == 0)
        {
            var hasIngress = ingress is { Count: > 0 };
            var hasEgress = egress is { Count: > 0 };
            if (hasIngress || !hasEgress)
            {
                types.Add("Ingress");
            }

            if (hasEgress)
            {
                types.Add("Egress");
            }
        }

        policy.Metadata.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        policy.Metadata.Labels[TierLabel] = tier;
        return tier;
    }

    private static void Pool(IPPoolSpec spec)
    {
        spec.BlockSize ??= DefaultBlockSize(spec.Cidr);
        spec.NodeSelector = NullIfEmpty(spec.NodeSelector?.Trim()) ?? "all()";
        spec.VxlanMode = NullIfEmpty(spec.VxlanMode) ?? "Never";
        spec.IpipMode = NullIfEmpty(spec.IpipMode) ?? "Never";
        spec.AssignmentMode = NullIfEmpty(spec.AssignmentMode) ?? "Automatic";
        if (spec.AllowedUses is not { Count: > 0 })
        {
            spec.AllowedUses = ["Workload", "Tunnel"];
        }
    }

    private static void KubernetesPolicy(KubernetesNetworkPolicySpec spec)
    {
        // The Kubernetes API server's defaults: policyTypes from the rule sections, ports default to TCP.
        if (spec.PolicyTypes is not { Count: > 0 })
        {
            spec.PolicyTypes = ["Ingress"];
            if (spec.Egress is { Count: > 0 })
            {
                spec.PolicyTypes.Add("Egress");
            }
        }

        foreach (var port in (spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((spec.Egress ?? []).SelectMany(r => r.Ports ?? [])))
        {
            port.Protocol = NullIfEmpty(port.Protocol) ?? "TCP";
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
