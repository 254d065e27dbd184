using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Xunit;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Every rule field (behaviour §3.3): all present criteria ANDed, list members ORed.</summary>
public sealed class RuleMatchTests
{
    private const string A = "10.0.0.1";
    private const string B = "10.0.0.2";
    private const string C = "10.0.1.1";

    private static PolicyEngine With(params Rule[] ingress) => Engine(
        Ns("x"),
        Ns("y"),
        Wep("x", "a", A, L("app=a"), profiles: ["kns.x", "ksa.x.sa-a"], sa: "sa-a"),
        Wep("x", "b", B, L("app=b")).WithPort("http", "TCP", 8080).WithPort("dns", "UDP", 5353),
        Wep("y", "c", C, L("app=a")),
        Profile("ksa.x.sa-a", L("pcsa.role=admin", "pcsa.projectcalico.org/name=sa-a")),
        Np("x", "p", "app == 'b'", ingress: ingress));

    [Fact]
    public void Protocol_and_notProtocol()
    {
        var engine = With(Rule("Allow", "UDP"));
        Assert.True(engine.Allowed(A, B, 53, 17));
        Assert.False(engine.Allowed(A, B, 53, 6));
        var not = With(new Rule { Action = "Allow", NotProtocol = ProtocolValue.Parse("UDP") });
        Assert.False(not.Allowed(A, B, 53, 17));
        Assert.True(not.Allowed(A, B, 53, 6));
        Assert.True(With(Rule("Allow", "132")).Allowed(A, B, 9, 132));
    }

    [Fact]
    public void Icmp_type_and_code()
    {
        var engine = With(new Rule { Action = "Allow", Protocol = ProtocolValue.Icmp, Icmp = new IcmpFields { Type = 8, Code = 0 } });
        bool Ping(byte type, byte code) => engine.Evaluate(
            new Flow(System.Net.IPAddress.Parse(A), System.Net.IPAddress.Parse(B), 1) { Icmp = new IcmpMatch(type, code) }).Verdict == Verdict.Allow;
        Assert.True(Ping(8, 0));
        Assert.False(Ping(8, 1));
        Assert.False(Ping(0, 0));
        var notIcmp = With(new Rule { Action = "Allow", Protocol = ProtocolValue.Icmp, NotIcmp = new IcmpFields { Type = 8 } });
        Assert.True(notIcmp.Evaluate(new Flow(System.Net.IPAddress.Parse(A), System.Net.IPAddress.Parse(B), 1) { Icmp = new IcmpMatch(0, 0) }).Verdict == Verdict.Allow);
    }

    [Fact]
    public void Nets_and_notNets()
    {
        var engine = With(Rule("Allow", src: new EntityRule { Nets = ["10.0.0.0/16"], NotNets = ["10.0.1.0/24"] }));
        Assert.True(engine.Allowed(A, B));
        Assert.False(engine.Allowed(C, B));
        Assert.True(With(Rule("Allow", src: new EntityRule { Nets = ["10.0.0.1"] })).Allowed(A, B)); // bare IP = /32
    }

    [Fact]
    public void Selector_in_a_namespaced_policy_is_confined_to_the_namespace()
    {
        var engine = With(Rule("Allow", src: Sel("app == 'a'")));
        Assert.True(engine.Allowed(A, B));
        Assert.False(engine.Allowed(C, B)); // same labels, other namespace
    }

    [Fact]
    public void NamespaceSelector_reaches_other_namespaces_through_pcns_labels()
    {
        var engine = With(Rule("Allow", src: Sel("app == 'a'", "projectcalico.org/name == 'y'")));
        Assert.False(engine.Allowed(A, B));
        Assert.True(engine.Allowed(C, B));
        var any = With(Rule("Allow", src: Sel("app == 'a'", "all()")));
        Assert.True(any.Allowed(A, B));
        Assert.True(any.Allowed(C, B));
    }

    [Fact]
    public void NotSelector_is_not_namespace_scoped()
    {
        // notSelector "app == 'a'" excludes x/a and y/a; its presence confines the positive side to namespace x.
        var engine = With(Rule("Allow", src: new EntityRule { NotSelector = "app == 'a'" }));
        Assert.False(engine.Allowed(A, B));
        Assert.False(engine.Allowed(C, B)); // y/c: not in namespace x
        var gnp = Engine(Ns("x"), Ns("y"), Wep("x", "a", A, L("app=a")), Wep("x", "b", B, L("app=b")), Wep("y", "c", C, L("app=c")),
            Np("x", "p", "app == 'b'", ingress: [Rule("Allow", src: new EntityRule { NotSelector = "app == 'c'", Nets = ["10.0.0.0/8"] })]));
        Assert.True(gnp.Allowed(A, B));
        Assert.False(gnp.Allowed(C, B));
    }

    [Fact]
    public void Nets_only_rules_in_a_namespaced_policy_match_any_peer()
    {
        var engine = With(Rule("Allow", src: new EntityRule { Nets = ["10.0.1.0/24"] }));
        Assert.True(engine.Allowed(C, B)); // other namespace, matched by CIDR only
    }

    [Fact]
    public void ServiceAccounts_by_name_and_selector()
    {
        var byName = With(Rule("Allow", src: new EntityRule { ServiceAccounts = new ServiceAccountMatch { Names = ["sa-a"] } }));
        Assert.True(byName.Allowed(A, B));
        Assert.False(byName.Allowed(C, B));
        var bySelector = With(Rule("Allow", src: new EntityRule { ServiceAccounts = new ServiceAccountMatch { Selector = "role == 'admin'" } }));
        Assert.True(bySelector.Allowed(A, B));
        var wrong = With(Rule("Allow", src: new EntityRule { ServiceAccounts = new ServiceAccountMatch { Names = ["sa-a"], Selector = "role == 'user'" } }));
        Assert.False(wrong.Allowed(A, B));
    }

    [Fact]
    public void Ports_ranges_and_notPorts()
    {
        var engine = With(Rule("Allow", "TCP", dst: new EntityRule { Ports = [Port.Parse("80:90"), Port.Parse("443")], NotPorts = [Port.Parse("85")] }));
        Assert.True(engine.Allowed(A, B, 80));
        Assert.True(engine.Allowed(A, B, 90));
        Assert.True(engine.Allowed(A, B, 443));
        Assert.False(engine.Allowed(A, B, 85));
        Assert.False(engine.Allowed(A, B, 91));
    }

    [Fact]
    public void Named_ports_resolve_on_the_destination_endpoint()
    {
        var engine = With(Rule("Allow", "TCP", dst: Ports("http")));
        Assert.True(engine.Allowed(A, B, 8080));
        Assert.False(engine.Allowed(A, B, 80));
        var any = With(Rule("Allow", dst: Ports("dns"))); // no protocol: the port's own protocol
        Assert.True(any.Allowed(A, B, 5353, 17));
        Assert.False(any.Allowed(A, B, 5353, 6));
        var notNamed = With(Rule("Allow", "TCP", dst: new EntityRule { NotPorts = [Port.FromName("http")] }));
        Assert.False(notNamed.Allowed(A, B, 8080));
        Assert.True(notNamed.Allowed(A, B, 8081));
    }

    [Fact]
    public void IpVersion_restricts_the_family()
    {
        Assert.False(With(new Rule { Action = "Allow", IpVersion = 6 }).Allowed(A, B));
        Assert.True(With(new Rule { Action = "Allow", IpVersion = 4 }).Allowed(A, B));
    }

    [Fact]
    public void NetworkSets_are_selectable_peers_and_global_namespaceSelector_reaches_only_global_ones()
    {
        var set = new NetworkSet { Metadata = { Namespace = "y", Name = "ext", Labels = L("kind=ext") } };
        set.Spec.Nets = ["192.0.2.0/24"];
        var global = new GlobalNetworkSet { Metadata = { Name = "gext", Labels = L("kind=ext") } };
        global.Spec.Nets = ["198.51.100.0/24"];
        var engine = Engine(Ns("x"), Ns("y", "team=blue"), Wep("x", "b", B, L("app=b")), set, global,
            Np("x", "p", "app == 'b'", ingress: [Rule("Allow", "TCP", src: Sel("kind == 'ext'", "team == 'blue'")), Rule("Allow", "UDP", src: Sel("kind == 'ext'", "global()"))]));
        Assert.True(engine.Allowed("192.0.2.7", B));        // namespaced set via its namespace's pcns labels
        Assert.False(engine.Allowed("198.51.100.7", B)); // TCP: the first rule does not reach the global set
        Assert.True(engine.Allowed("198.51.100.7", B, 53, 17));
        Assert.False(engine.Allowed("192.0.2.7", B, 53, 17)); // global() excludes namespaced sets
    }
}
