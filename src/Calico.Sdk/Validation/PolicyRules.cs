using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of the policy kinds, tiers, network sets and profiles.</summary>
internal static class PolicyRules
{
    public static void Validate(ValidationContext ctx, NetworkPolicy policy)
    {
        var s = policy.Spec;
        Common(ctx, s.Tier, s.Order, s.Selector, s.ServiceAccountSelector, s.Types, s.PerformanceHints);
        RuleRules.ValidateRules(ctx, "spec.ingress", s.Ingress, ingress: true, global: false);
        RuleRules.ValidateRules(ctx, "spec.egress", s.Egress, ingress: false, global: false);
    }

    public static void Validate(ValidationContext ctx, StagedNetworkPolicy policy)
    {
        var s = policy.Spec;
        StagedAction(ctx, s.StagedAction);
        Common(ctx, s.Tier, s.Order, s.Selector, s.ServiceAccountSelector, s.Types, s.PerformanceHints);
        RuleRules.ValidateRules(ctx, "spec.ingress", s.Ingress, ingress: true, global: false);
        RuleRules.ValidateRules(ctx, "spec.egress", s.Egress, ingress: false, global: false);
    }

    public static void Validate(ValidationContext ctx, GlobalNetworkPolicy policy)
    {
        var s = policy.Spec;
        Common(ctx, s.Tier, s.Order, s.Selector, s.ServiceAccountSelector, s.Types, s.PerformanceHints);
        FieldRules.Selector(ctx, "spec.namespaceSelector", s.NamespaceSelector);
        GlobalFlags(ctx, s.DoNotTrack, s.PreDNAT, s.ApplyOnForward, s.Egress, s.Types);
        RuleRules.ValidateRules(ctx, "spec.ingress", s.Ingress, ingress: true, global: true);
        RuleRules.ValidateRules(ctx, "spec.egress", s.Egress, ingress: false, global: true);
    }

    public static void Validate(ValidationContext ctx, StagedGlobalNetworkPolicy policy)
    {
        var s = policy.Spec;
        StagedAction(ctx, s.StagedAction);
        Common(ctx, s.Tier, s.Order, s.Selector, s.ServiceAccountSelector, s.Types, s.PerformanceHints);
        FieldRules.Selector(ctx, "spec.namespaceSelector", s.NamespaceSelector);
        GlobalFlags(ctx, s.DoNotTrack, s.PreDNAT, s.ApplyOnForward, s.Egress, s.Types);
        RuleRules.ValidateRules(ctx, "spec.ingress", s.Ingress, ingress: true, global: true);
        RuleRules.ValidateRules(ctx, "spec.egress", s.Egress, ingress: false, global: true);
    }

    public static void Validate(ValidationContext ctx, Tier tier)
    {
        var s = tier.Spec;
        ctx.OneOf("spec.defaultAction", s.DefaultAction, "Deny", "Pass");
        if (s.Order is { } order && !double.IsFinite(order))
        {
            ctx.Add("spec.order", order.ToString(System.Globalization.CultureInfo.InvariantCulture), "order must be a finite number");
        }

        // The built-in tiers have fixed orders and default actions (CEL rules on the CRD).
        (double Order, string Action)? builtIn = tier.Metadata.Name switch
        {
            "kube-admin" => (1000, "Pass"),
            "default" => (1_000_000, "Deny"),
            "kube-baseline" => (10_000_000, "Pass"),
            _ => null,
        };
        if (builtIn is { } b)
        {
            if (s.Order is { } o && o != b.Order)
            {
                ctx.Add("spec.order", o.ToString(System.Globalization.CultureInfo.InvariantCulture), $"the {tier.Metadata.Name} tier must have order {b.Order}");
            }

            if (s.DefaultAction is { } a && a != b.Action)
            {
                ctx.Add("spec.defaultAction", a, $"the {tier.Metadata.Name} tier must have defaultAction {b.Action}");
            }
        }
    }

    public static void Validate(ValidationContext ctx, NetworkSetSpec spec) =>
        FieldRules.CidrList(ctx, "spec.nets", spec.Nets, allowBareAddress: true, requireMasked: false, oneFamily: false);

    public static void Validate(ValidationContext ctx, Profile profile)
    {
        var s = profile.Spec;
        RuleRules.ValidateRules(ctx, "spec.ingress", s.Ingress, ingress: true, global: true);
        RuleRules.ValidateRules(ctx, "spec.egress", s.Egress, ingress: false, global: true);
        FieldRules.Labels(ctx, "spec.labelsToApply", s.LabelsToApply);
    }

    private static void Common(ValidationContext ctx, string? tier, double? order, string? selector, string? saSelector, IList<string>? types, IList<string>? hints)
    {
        if (!string.IsNullOrEmpty(tier) && !NameRules.IsDns1123Label(tier))
        {
            ctx.Add("spec.tier", tier, "tier must be a DNS-1123 label");
        }

        if (order is { } o && !double.IsFinite(o))
        {
            ctx.Add("spec.order", o.ToString(System.Globalization.CultureInfo.InvariantCulture), "order must be a finite number");
        }

        FieldRules.Selector(ctx, "spec.selector", selector);
        FieldRules.Selector(ctx, "spec.serviceAccountSelector", saSelector);
        if (types is not null)
        {
            ctx.MaxItems("spec.types", types, 2);
            ctx.NoDuplicates("spec.types", types);
            for (var i = 0; i < types.Count; i++)
            {
                ctx.OneOf(Paths.Index("spec.types", i), types[i], "Ingress", "Egress");
            }
        }

        for (var i = 0; hints is not null && i < hints.Count; i++)
        {
            ctx.OneOf(Paths.Index("spec.performanceHints", i), hints[i], "AssumeNeededOnEveryNode");
        }
    }

    private static void GlobalFlags(ValidationContext ctx, bool? doNotTrack, bool? preDnat, bool? applyOnForward, IList<Rule>? egress, IList<string>? types)
    {
        if (doNotTrack == true && preDnat == true)
        {
            ctx.Add("spec.preDNAT", "true", "preDNAT and doNotTrack cannot both be true");
        }

        if (preDnat == true)
        {
            if (egress is { Count: > 0 })
            {
                ctx.Add("spec.egress", null, "a preDNAT policy cannot have egress rules");
            }

            if (types is not null && types.Contains("Egress"))
            {
                ctx.Add("spec.types", "Egress", "a preDNAT policy cannot have the Egress type");
            }
        }

        if ((doNotTrack == true || preDnat == true) && applyOnForward != true)
        {
            ctx.Add("spec.applyOnForward", applyOnForward is null ? null : "false", "applyOnForward must be true for a doNotTrack or preDNAT policy");
        }
    }

    private static void StagedAction(ValidationContext ctx, string? action)
    {
        if (!string.IsNullOrEmpty(action))
        {
            ctx.OneOf("spec.stagedAction", action, "Set", "Delete", "Learn", "Ignore");
        }
    }
}
