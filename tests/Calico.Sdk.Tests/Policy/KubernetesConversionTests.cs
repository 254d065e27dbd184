using System.Text.Json;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Kubernetes NetworkPolicy: API defaulting, then Calico's conversion (behaviour §3.9).</summary>
public sealed class KubernetesConversionTests
{
    private static KubernetesNetworkPolicy Knp(string json) =>
        JsonSerializer.Deserialize("""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"p","namespace":"x"},"spec":""" + json + "}",
            CalicoJsonContext.Default.KubernetesNetworkPolicy)!;

    [Fact]
    public void Name_tier_order_and_selector_follow_Calico()
    {
        var np = KubernetesNetworkPolicyConverter.Convert(Knp("""
            {"podSelector":{"matchLabels":{"z":"1","a":"2"},"matchExpressions":[
              {"key":"k","operator":"In","values":["v1","v2"]},{"key":"n","operator":"NotIn","values":["w"]},
              {"key":"e","operator":"Exists"},{"key":"d","operator":"DoesNotExist"}]}}
            """));
        Assert.Equal("knp.default.p", np.Metadata.Name);
        Assert.Equal("x", np.Metadata.Namespace);
        Assert.Equal("default", np.Spec.Tier);
        Assert.Equal(1000, np.Spec.Order);
        Assert.Equal(
            "projectcalico.org/orchestrator == 'k8s' && a == '2' && z == '1' && k in { 'v1', 'v2' } && n not in { 'w' } && has(e) && ! has(d)",
            np.Spec.Selector);
        Assert.Equal(["Ingress"], np.Spec.Types);
    }

    [Fact]
    public void PolicyTypes_default_to_Ingress_plus_Egress_when_egress_rules_exist()
    {
        Assert.Equal(["Ingress", "Egress"], KubernetesNetworkPolicyConverter.Convert(Knp("""{"podSelector":{},"egress":[{}]}""")).Spec.Types);
        Assert.Equal(["Ingress"], KubernetesNetworkPolicyConverter.Convert(Knp("""{"podSelector":{},"egress":[]}""")).Spec.Types);
        Assert.Equal(["Egress"], KubernetesNetworkPolicyConverter.Convert(Knp("""{"podSelector":{},"policyTypes":["Egress"]}""")).Spec.Types);
    }

    [Fact]
    public void Ports_default_to_TCP_group_by_protocol_and_coalesce()
    {
        var np = KubernetesNetworkPolicyConverter.Convert(Knp("""
            {"podSelector":{},"ingress":[{"ports":[{"port":80},{"port":81},{"protocol":"UDP","port":53},{"port":90,"endPort":95},{"port":"web"}]}]}
            """));
        Assert.Equal(2, np.Spec.Ingress!.Count);
        var tcp = np.Spec.Ingress[0];
        Assert.Equal("TCP", tcp.Protocol!.Value.ToString());
        Assert.Equal(["80:81", "90:95", "web"], tcp.Destination!.Ports!.Select(p => p.ToString()));
        Assert.Equal("UDP", np.Spec.Ingress[1].Protocol!.Value.ToString());
    }

    [Fact]
    public void Peers_expand_to_one_rule_each_and_pod_plus_namespace_selectors_are_ANDed()
    {
        var np = KubernetesNetworkPolicyConverter.Convert(Knp("""
            {"podSelector":{},"ingress":[{"from":[
              {"podSelector":{"matchLabels":{"a":"b"}},"namespaceSelector":{}},
              {"namespaceSelector":{"matchLabels":{"team":"t"}}},
              {"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}]}]}
            """));
        var rules = np.Spec.Ingress!;
        Assert.Equal(3, rules.Count);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s' && a == 'b'", rules[0].Source!.Selector);
        Assert.Equal("all()", rules[0].Source!.NamespaceSelector);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s'", rules[1].Source!.Selector);
        Assert.Equal("team == 't'", rules[1].Source!.NamespaceSelector);
        Assert.Equal(["10.0.0.0/8"], rules[2].Source!.Nets!);
        Assert.Equal(["10.1.0.0/16"], rules[2].Source!.NotNets!);
        Assert.Null(rules[2].Source!.Selector);
    }

    [Fact]
    public void Egress_puts_peer_and_ports_in_the_destination()
    {
        var np = KubernetesNetworkPolicyConverter.Convert(Knp("""{"podSelector":{},"egress":[{"to":[{"podSelector":{}}],"ports":[{"port":53,"protocol":"UDP"}]}]}"""));
        var rule = np.Spec.Egress!.Single();
        Assert.Null(rule.Source);
        Assert.Equal("projectcalico.org/orchestrator == 'k8s'", rule.Destination!.Selector);
        Assert.Equal(["53"], rule.Destination.Ports!.Select(p => p.ToString()));
    }

    [Fact]
    public void The_input_is_not_modified()
    {
        var knp = Knp("""{"podSelector":{},"ingress":[{"ports":[{"port":80}]}]}""");
        KubernetesNetworkPolicyConverter.Convert(knp);
        Assert.Null(knp.Spec.PolicyTypes);
        Assert.Null(knp.Spec.Ingress![0].Ports![0].Protocol);
    }

    [Theory]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":"web","endPort":90}]}]}""", "spec.ingress[0].ports[0].port")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":90,"endPort":80}]}]}""", "spec.ingress[0].ports[0]")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":90,"protocol":"ICMP"}]}]}""", "spec.ingress[0].ports[0].protocol")]
    [InlineData("""{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["11.0.0.0/16"]}}]}]}""", "spec.ingress[0].from[0].ipBlock.except[0]")]
    [InlineData("""{"podSelector":{"matchExpressions":[{"key":"k","operator":"In"}]}}""", "spec.podSelector.matchExpressions[0]")]
    [InlineData("""{"podSelector":{},"policyTypes":["Sideways"]}""", "spec.policyTypes[0]")]
    public void Invalid_policies_are_rejected_with_the_field(string spec, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => KubernetesNetworkPolicyConverter.Convert(Knp(spec)));
        Assert.Contains(field + ":", e.Message, StringComparison.Ordinal);
        var engine = Engine();
        var before = engine.Snapshot();
        var input = Assert.Throws<PolicyInputException>(() => engine.Apply([PolicyUpdate.Upsert(Knp(spec))]));
        Assert.Equal(field, input.Errors.Single().Field);
        Assert.Equal(before.Generation, engine.Generation);
    }

    [Fact]
    public void EndPort_ranges_and_ipBlock_host_bits_are_enforced()
    {
        var engine = Engine(Ns("x"), Wep("x", "a", "10.0.0.1", L("pod=a")), Wep("x", "b", "10.0.0.2", L("pod=b")),
            Knp("""{"podSelector":{"matchLabels":{"pod":"b"}},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.1/24","except":["10.0.0.128/25"]}}],"ports":[{"port":8000,"endPort":8010}]}]}"""));
        Assert.True(engine.Allowed("10.0.0.1", "10.0.0.2", 8005));
        Assert.False(engine.Allowed("10.0.0.1", "10.0.0.2", 8011));
        Assert.False(engine.Allowed("10.0.0.1", "10.0.0.2", 8005, 17));
        Assert.Equal(new PolicyId(PolicyKind.KubernetesNetworkPolicy, "x", "knp.default.p"), engine.Eval("10.0.0.1", "10.0.0.2", 8005).DecidedBy!.Policy);
    }
}
