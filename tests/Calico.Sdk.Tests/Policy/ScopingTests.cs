using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Applies-to scoping (behaviour §2.6) and label inheritance through profiles (§2.5).</summary>
public sealed class ScopingTests
{
    private const string A = "10.0.0.1";
    private const string C = "10.0.1.1";

    private static PolicyEngine Cluster(params Resource[] extra) => Engine(
        [Ns("x", "env=prod"), Ns("y", "env=dev"), Wep("x", "a", A, L("app=a")), Wep("y", "c", C, L("app=a")), .. extra]);

    private static IEnumerable<string> Policies(PolicyEngine engine, string ns, string name) =>
        engine.Snapshot().Endpoints[EndpointId.Workload(ns, name)].Ingress.Tiers.SelectMany(t => t.Policies).Select(p => p.ToString());

    [Fact]
    public void A_namespaced_policy_selects_only_its_namespace()
    {
        var engine = Cluster(Np("x", "p", "app == 'a'", ingress: [Rule("Deny")]));
        Assert.Equal(["np/x/p"], Policies(engine, "x", "a"));
        Assert.Empty(Policies(engine, "y", "c"));
    }

    [Fact]
    public void GlobalNetworkPolicy_namespaceSelector_uses_namespace_labels()
    {
        var engine = Cluster(Gnp("p", "app == 'a'", ingress: [Rule("Deny")], namespaceSelector: "env == 'dev'"));
        Assert.Empty(Policies(engine, "x", "a"));
        Assert.Equal(["gnp/p"], Policies(engine, "y", "c"));
    }

    [Fact]
    public void GlobalNetworkPolicy_namespaceSelector_all_excludes_host_endpoints()
    {
        var engine = Cluster(Hep("h", "eth0", "172.18.0.2", L("app=a")), Gnp("p", "app == 'a'", ingress: [Rule("Deny")], namespaceSelector: "all()"));
        Assert.Equal(["gnp/p"], Policies(engine, "x", "a"));
        Assert.Empty(engine.Snapshot().Endpoints[EndpointId.Host("h")].Ingress.Tiers);
    }

    [Fact]
    public void ServiceAccountSelector_scopes_the_policy()
    {
        var sa = Profile("ksa.x.robot", L("pcsa.kind=bot", "pcsa.projectcalico.org/name=robot"));
        var robot = Wep("x", "r", "10.0.0.9", L("app=a"), profiles: ["kns.x", "ksa.x.robot"], sa: "robot");
        var p = Gnp("p", "app == 'a'", ingress: [Rule("Deny")]);
        p.Spec.ServiceAccountSelector = "kind == 'bot'";
        var engine = Cluster(sa, robot, p);
        Assert.Equal(["gnp/p"], Policies(engine, "x", "r"));
        Assert.Empty(Policies(engine, "x", "a"));
    }

    [Fact]
    public void Own_labels_win_over_inherited_ones_and_profile_changes_reevaluate_selectors()
    {
        var parent = Profile("parent", L("tier=gold", "app=from-profile"));
        var e = Wep("x", "e", "10.0.0.5", L("app=own"), profiles: ["kns.x", "parent"]);
        var engine = Cluster(parent, e,
            Gnp("gold", "tier == 'gold'", ingress: [Rule("Deny")]),
            Gnp("own", "app == 'own'", ingress: [Rule("Deny")]),
            Gnp("inherited", "app == 'from-profile'", ingress: [Rule("Deny")]));
        Assert.Equal(["gnp/gold", "gnp/own"], Policies(engine, "x", "e"));

        parent.Spec.LabelsToApply = L("tier=silver");
        engine.Upsert(parent);
        Assert.Equal(["gnp/own"], Policies(engine, "x", "e"));

        engine.Upsert(Ns("x", "env=prod", "tier=gold")); // kns.x gives pcns.tier, not tier
        Assert.Equal(["gnp/own"], Policies(engine, "x", "e"));
    }

    [Fact]
    public void Pods_cannot_impersonate_namespace_labels()
    {
        var fake = Wep("y", "f", "10.0.1.9", L("pcns.env=prod"));
        var engine = Cluster(fake, Gnp("p", "all()", ingress: [Rule("Deny")], namespaceSelector: "env == 'prod'"));
        Assert.Empty(Policies(engine, "y", "f"));
        Assert.Equal(["gnp/p"], Policies(engine, "x", "a"));
    }
}
