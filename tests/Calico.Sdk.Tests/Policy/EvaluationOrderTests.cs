using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Tiers, policy order, actions, profiles and staged policies (behaviour §3.1, §3.5, §3.7, §3.8).</summary>
public sealed class EvaluationOrderTests
{
    private const string A = "10.0.0.1";
    private const string B = "10.0.0.2";

    private static PolicyEngine Cluster(params Resource[] extra) => Engine(
        [Ns("x"), Wep("x", "a", A, L("app=a")), Wep("x", "b", B, L("app=b")), .. extra]);

    [Fact]
    public void Without_policies_the_namespace_profile_decides()
    {
        var d = Cluster().Eval(A, B);
        Assert.Equal(Verdict.Allow, d.Verdict);
        Assert.Equal(DecisionReason.ProfileRule, d.DecidedBy!.Reason);
        Assert.Equal(new PolicyId(PolicyKind.Profile, null, "kns.x"), d.DecidedBy.Policy);
    }

    [Fact]
    public void An_endpoint_without_profiles_or_policies_drops_everything()
    {
        var engine = Engine(Wep("x", "a", A, profiles: []), Wep("x", "b", B, profiles: []));
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Deny, d.Verdict);
        Assert.Equal(DecisionReason.NoProfileMatched, d.DecidedBy!.Reason);
        Assert.Equal(PolicyStage.WorkloadEgress, d.DecidedBy.Stage);
    }

    [Fact]
    public void A_missing_profile_is_deny_all()
    {
        var engine = Engine(Ns("x"), Wep("x", "a", A), Wep("x", "b", B, profiles: ["nope", "kns.x"]));
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Deny, d.Verdict);
        Assert.Equal(DecisionReason.MissingProfile, d.DecidedBy!.Reason);
        Assert.Contains(engine.Snapshot().Policies, p => p.Key.Name == "nope" && p.Value == CompiledPolicy.DenyAll(p.Key));
    }

    [Fact]
    public void A_selecting_policy_without_a_matching_rule_denies_at_end_of_tier()
    {
        var engine = Cluster(Np("x", "p", "app == 'b'", ingress: [Rule("Allow", "TCP", dst: Ports("443"))]));
        Assert.False(engine.Allowed(A, B, 80));
        Assert.True(engine.Allowed(A, B, 443));
        var d = engine.Eval(A, B, 80);
        Assert.Equal(DecisionReason.EndOfTier, d.DecidedBy!.Reason);
        Assert.Equal("default", d.DecidedBy.Tier);
        Assert.True(engine.Allowed(B, A, 80)); // a is not selected: profile decides
    }

    [Fact]
    public void Types_limit_the_direction_a_policy_isolates()
    {
        var engine = Cluster(Np("x", "p", "app == 'b'", egress: [Rule("Deny")], types: ["Egress"]));
        Assert.True(engine.Allowed(A, B));
        Assert.False(engine.Allowed(B, A));
    }

    [Fact]
    public void Allow_in_an_earlier_tier_is_final()
    {
        var engine = Cluster(
            Tier("first", 10),
            Gnp("allow", "app == 'b'", ingress: [Rule("Allow")], tier: "first"),
            Np("x", "deny", "app == 'b'", ingress: [Rule("Deny")]));
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Allow, d.Verdict);
        Assert.Equal(new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "allow"), d.DecidedBy!.Policy);
    }

    [Fact]
    public void Pass_skips_the_rest_of_the_tier_and_reaches_later_tiers_or_profiles()
    {
        var engine = Cluster(
            Tier("first", 10),
            Gnp("pass", "app == 'b'", ingress: [Rule("Pass")], tier: "first", order: 1),
            Gnp("deny", "app == 'b'", ingress: [Rule("Deny")], tier: "first", order: 2));
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Allow, d.Verdict);
        Assert.Equal(DecisionReason.ProfileRule, d.DecidedBy!.Reason);
        Assert.Contains(d.Trace, t => t.Contains("Pass", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tier_with_default_action_Pass_has_no_end_of_tier_drop()
    {
        var engine = Cluster(
            Tier("soft", 10, "Pass"),
            Gnp("p", "app == 'b'", ingress: [Rule("Allow", "UDP")], tier: "soft"));
        Assert.True(engine.Allowed(A, B, 80));
        Assert.DoesNotContain(engine.Snapshot().Endpoints[EndpointId.Workload("x", "b")].Ingress.Tiers, t => t.EndOfTierDrop);
    }

    [Fact]
    public void Tiers_sort_by_order_with_nil_last_then_by_name()
    {
        var engine = Cluster(
            Tier("zz-nil", null),
            Tier("b", 5),
            Tier("a", 5),
            Gnp("p1", "app == 'b'", ingress: [Rule("Log")], tier: "zz-nil"),
            Gnp("p2", "app == 'b'", ingress: [Rule("Log")], tier: "b"),
            Gnp("p3", "app == 'b'", ingress: [Rule("Log")], tier: "a"));
        var tiers = engine.Snapshot().Endpoints[EndpointId.Workload("x", "b")].Ingress.Tiers.Select(t => t.Name);
        Assert.Equal(["a", "b", "zz-nil"], tiers);
    }

    [Fact]
    public void Policies_sort_by_order_nil_last_and_ties_by_name_namespace_kind()
    {
        var engine = Cluster(
            Np("x", "n-nil", "app == 'b'", ingress: [Rule("Log")]),
            Np("x", "m-2", "app == 'b'", ingress: [Rule("Log")], order: 2),
            Gnp("m-1", "app == 'b'", ingress: [Rule("Log")], order: 1),
            Np("x", "b-1", "app == 'b'", ingress: [Rule("Log")], order: 1),
            Gnp("b-1", "app == 'b'", ingress: [Rule("Log")], order: 1));
        var ids = engine.Snapshot().Endpoints[EndpointId.Workload("x", "b")].Ingress.Tiers.Single().Policies.Select(p => p.ToString());
        // Equal orders: "b-1//gnp" < "b-1/x/np" byte-wise.
        Assert.Equal(["gnp/b-1", "np/x/b-1", "gnp/m-1", "np/x/m-2", "np/x/n-nil"], ids);
    }

    [Fact]
    public void Log_is_not_terminal()
    {
        var engine = Cluster(Np("x", "p", "app == 'b'", ingress: [Rule("Log"), Rule("Deny")]));
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Deny, d.Verdict);
        Assert.Equal(1, d.DecidedBy!.RuleIndex);
        Assert.Contains(d.Trace, t => t.Contains("rule 0: Log", StringComparison.Ordinal));
    }

    [Fact]
    public void Policies_in_a_missing_tier_are_ignored_until_the_tier_exists()
    {
        var engine = Cluster(Gnp("p", "app == 'b'", ingress: [Rule("Deny")], tier: "later"));
        Assert.True(engine.Allowed(A, B));
        engine.Upsert(Tier("later", 1));
        Assert.False(engine.Allowed(A, B));
        engine.Apply([PolicyUpdate.Delete(PolicyInputKind.Tier, null, "later")]);
        Assert.True(engine.Allowed(A, B));
    }

    [Fact]
    public void Staged_policies_are_evaluated_but_never_enforced()
    {
        var staged = new StagedNetworkPolicy();
        staged.Metadata.Namespace = "x";
        staged.Metadata.Name = "what-if";
        staged.Spec.Selector = "app == 'b'";
        staged.Spec.Ingress = [Rule("Deny")];
        var engine = Cluster(staged);
        var d = engine.Eval(A, B);
        Assert.Equal(Verdict.Allow, d.Verdict);
        Assert.Contains(d.Trace, t => t.Contains("staged snp/x/what-if: would Deny", StringComparison.Ordinal));
        var tier = engine.Snapshot().Endpoints[EndpointId.Workload("x", "b")].Ingress.Tiers.Single();
        Assert.False(tier.EndOfTierDrop); // all selecting policies in the tier are staged
    }

    [Fact]
    public void Staged_and_enforced_policies_together_keep_the_end_of_tier_drop()
    {
        var staged = new StagedGlobalNetworkPolicy();
        staged.Metadata.Name = "what-if";
        staged.Spec.Selector = "app == 'b'";
        staged.Spec.Ingress = [Rule("Allow")];
        var engine = Cluster(staged, Np("x", "p", "app == 'b'", ingress: [Rule("Allow", "UDP")]));
        Assert.False(engine.Allowed(A, B)); // the staged Allow does not count
    }
}
