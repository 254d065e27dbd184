using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>Policy kinds → <see cref="PolicyModel"/>.</summary>
internal static partial class ModelBuilder
{
    public const string DefaultTier = "default";

    /// <summary>Returns null with no error when the object is valid but not evaluated (staged Delete/Ignore).</summary>
    public static PolicyModel? Policy(PolicyInputKind kind, Resource resource, InputErrors errors)
    {
        var ns = resource.Metadata.Namespace;
        var name = resource.Metadata.Name!;
        var id = PolicyIdFor(kind, ns, name);
        switch (resource)
        {
            case NetworkPolicy np:
                return Build(id, ns, np.Spec.Tier, np.Spec.Order, np.Spec.Selector, null, np.Spec.ServiceAccountSelector,
                    np.Spec.Types, np.Spec.Ingress, np.Spec.Egress, null, null, null, errors);
            case GlobalNetworkPolicy gnp:
                return Build(id, null, gnp.Spec.Tier, gnp.Spec.Order, gnp.Spec.Selector, gnp.Spec.NamespaceSelector,
                    gnp.Spec.ServiceAccountSelector, gnp.Spec.Types, gnp.Spec.Ingress, gnp.Spec.Egress,
                    gnp.Spec.DoNotTrack, gnp.Spec.PreDNAT, gnp.Spec.ApplyOnForward, errors);
            case StagedNetworkPolicy snp:
                return NotEvaluated(snp.Spec.StagedAction, errors) ? null
                    : Build(id, ns, snp.Spec.Tier, snp.Spec.Order, snp.Spec.Selector, null, snp.Spec.ServiceAccountSelector,
                        snp.Spec.Types, snp.Spec.Ingress, snp.Spec.Egress, null, null, null, errors);
            case StagedGlobalNetworkPolicy sgnp:
                return NotEvaluated(sgnp.Spec.StagedAction, errors) ? null
                    : Build(id, null, sgnp.Spec.Tier, sgnp.Spec.Order, sgnp.Spec.Selector, sgnp.Spec.NamespaceSelector,
                        sgnp.Spec.ServiceAccountSelector, sgnp.Spec.Types, sgnp.Spec.Ingress, sgnp.Spec.Egress,
                        sgnp.Spec.DoNotTrack, sgnp.Spec.PreDNAT, sgnp.Spec.ApplyOnForward, errors);
            case KubernetesNetworkPolicy knp:
                var converted = KubernetesNetworkPolicyConverter.Convert(knp, out var problems);
                foreach (var (field, message) in problems)
                {
                    errors.Add(field, message);
                }

                return converted is null ? null
                    : Build(id, ns, converted.Spec.Tier, converted.Spec.Order, converted.Spec.Selector, null, null,
                        converted.Spec.Types, converted.Spec.Ingress, converted.Spec.Egress, null, null, null, errors);
            default:
                errors.Add("kind", $"{resource.Kind} is not a policy kind");
                return null;
        }
    }

    private static bool NotEvaluated(string? stagedAction, InputErrors errors)
    {
        switch (stagedAction)
        {
            case null or "" or "Set" or "Learn":
                return false;
            case "Delete" or "Ignore":
                return true;
            default:
                errors.Add("spec.stagedAction", $"'{stagedAction}' is not Set, Delete, Learn or Ignore");
                return true;
        }
    }

    private static PolicyModel? Build(
        PolicyId id,
        string? ns,
        string? tier,
        double? order,
        string? selector,
        string? namespaceSelector,
        string? serviceAccountSelector,
        IList<string>? types,
        IList<Rule>? ingressRules,
        IList<Rule>? egressRules,
        bool? doNotTrack,
        bool? preDnat,
        bool? applyOnForward,
        InputErrors errors)
    {
        if (ns is null && id.Kind is PolicyKind.NetworkPolicy or PolicyKind.StagedNetworkPolicy or PolicyKind.KubernetesNetworkPolicy)
        {
            errors.Add("metadata.namespace", $"a {id.Kind} is namespaced");
        }

        tier = string.IsNullOrEmpty(tier) ? DefaultTier : tier;
        if (order is { } o && !double.IsFinite(o))
        {
            errors.Add("spec.order", "must be a finite number");
        }

        CheckPolicySelector(selector, "spec.selector", errors);
        CheckPolicySelector(namespaceSelector, "spec.namespaceSelector", errors);
        CheckPolicySelector(serviceAccountSelector, "spec.serviceAccountSelector", errors);

        var hasIngressRules = ingressRules is { Count: > 0 };
        var hasEgressRules = egressRules is { Count: > 0 };
        bool ingress, egress;
        if (types is null || types.Count == 0)
        {
            // Calico's write-time defaulting (idempotent if the datastore already applied it).
            ingress = hasIngressRules || !hasEgressRules;
            egress = hasEgressRules;
        }
        else
        {
            ingress = egress = false;
            for (var i = 0; i < types.Count; i++)
            {
                var isIngress = string.Equals(types[i], "Ingress", StringComparison.Ordinal);
                var isEgress = string.Equals(types[i], "Egress", StringComparison.Ordinal);
                if ((!isIngress && !isEgress) || (isIngress && ingress) || (isEgress && egress))
                {
                    errors.Add($"spec.types[{i}]", $"'{types[i]}' is not Ingress or Egress, or is repeated");
                }

                ingress |= isIngress;
                egress |= isEgress;
            }
        }

        var dnt = doNotTrack ?? false;
        var pre = preDnat ?? false;
        var forward = applyOnForward ?? false;
        if (dnt && pre)
        {
            errors.Add("spec.preDNAT", "preDNAT and doNotTrack cannot both be true");
        }

        if (pre && (egress || hasEgressRules))
        {
            errors.Add("spec.preDNAT", "a preDNAT policy may only have ingress rules and type Ingress");
        }

        if ((dnt || pre) && !forward)
        {
            errors.Add("spec.applyOnForward", "doNotTrack and preDNAT policies need applyOnForward: true");
        }

        var compiler = new RuleCompiler(ns, errors);
        var compiledIngress = compiler.CompileAll(ingressRules, "spec.ingress");
        var compiledEgress = compiler.CompileAll(egressRules, "spec.egress");
        if (errors.Any)
        {
            return null;
        }

        var scoped = SelectorScoping.AppliesTo(selector, ns, namespaceSelector, serviceAccountSelector);
        if (!Selector.TryParse(scoped, out var appliesTo, out var error))
        {
            errors.Add("spec.selector", $"scoped selector '{scoped}' is invalid: {error.Message}");
            return null;
        }

        return new PolicyModel(
            id,
            tier,
            order,
            appliesTo,
            ingress,
            egress,
            dnt,
            pre,
            forward,
            new CompiledPolicy(id, compiledIngress, compiledEgress),
            compiler.IpSets);
    }

    private static void CheckPolicySelector(string? text, string field, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (!Selector.TryParse(text, out var selector, out var error))
        {
            errors.Add(field, error.Message);
        }
        else if (selector.ToString().Contains("global()", StringComparison.Ordinal))
        {
            errors.Add(field, "global() is only allowed in a rule's namespaceSelector");
        }
    }
}
