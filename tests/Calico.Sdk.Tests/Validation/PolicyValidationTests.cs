using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;
using static Calico.Sdk.Tests.Validation.ValidationAssert;

namespace Calico.Sdk.Tests.Validation;

public sealed class PolicyValidationTests
{
    [Fact]
    public void Action_is_required_and_an_enum()
    {
        SingleError(Samples.Policy(new Rule()), "spec.ingress[0].action", null, "required");
        SingleError(Samples.Policy(new Rule { Action = "allow" }), "spec.ingress[0].action", "allow", "Allow, Deny, Log, Pass");
    }

    [Theory]
    [InlineData(0, "between 1 and 255")]
    [InlineData(256, "between 1 and 255")]
    public void Protocol_numbers_are_1_to_255(int number, string reason) =>
        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.FromNumber(number) }), "spec.ingress[0].protocol", number.ToString(System.Globalization.CultureInfo.InvariantCulture), reason);

    [Fact]
    public void Protocol_names_are_known_ones() =>
        SingleError(Samples.Policy(new Rule { Action = "Allow", NotProtocol = ProtocolValue.FromName("QUIC") }), "spec.ingress[0].notProtocol", "QUIC", "protocol must be one of");

    [Fact]
    public void Ip_version_is_4_or_6() =>
        SingleError(Samples.Policy(new Rule { Action = "Allow", IpVersion = 5 }), "spec.ingress[0].ipVersion", "5", "4 or 6");

    [Fact]
    public void Icmp_ranges_and_dependencies()
    {
        var rule = new Rule { Action = "Allow", Protocol = ProtocolValue.Icmp, Icmp = new IcmpFields { Type = 255, Code = 256 } };
        var errors = ResourceValidator.Validate(Samples.Policy(rule));
        Assert.Equal([("spec.ingress[0].icmp.type", "255"), ("spec.ingress[0].icmp.code", "256")], errors.Select(e => (e.Path, e.Value)));

        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.Icmp, Icmp = new IcmpFields { Code = 1 } }), "spec.ingress[0].icmp.code", "1", "requires an ICMP type");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.Tcp, NotIcmp = new IcmpFields { Type = 8 } }), "spec.ingress[0].notICMP", null, "requires protocol ICMP or ICMPv6");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.Icmp, IpVersion = 6 }), "spec.ingress[0].protocol", "ICMP", "ipVersion 4");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.IcmpV6, IpVersion = 4 }), "spec.ingress[0].protocol", "ICMPv6", "ipVersion 6");
    }

    [Fact]
    public void Nets_are_cidrs_of_one_family_matching_the_ip_version()
    {
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Nets = ["10.0.0.0/8", "nonsense"] } }), "spec.ingress[0].source.nets[1]", "nonsense", "IP address or a CIDR");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Nets = ["10.0.0.0/8", "fd00::/8"] } }), "spec.ingress[0].source.nets[1]", "fd00::/8", "IP version 4");
        SingleError(Samples.Policy(new Rule { Action = "Allow", IpVersion = 6, Destination = new EntityRule { Nets = ["10.0.0.1"] } }), "spec.ingress[0].destination.nets[0]", "10.0.0.1", "IP version 6");
    }

    [Fact]
    public void Not_nets_must_not_be_a_catch_all() =>
        SingleError(Samples.Policy(new Rule { Action = "Deny", Source = new EntityRule { NotNets = ["0.0.0.0/0"] } }), "spec.ingress[0].source.notNets[0]", "0.0.0.0/0", "catch-all");

    [Fact]
    public void Nets_are_limited_to_256()
    {
        var nets = Enumerable.Range(0, 257).Select(i => $"10.{i / 256}.{i % 256}.0/24").ToList();
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Nets = nets } }), "spec.ingress[0].source.nets", "257", "at most 256");
    }

    [Fact]
    public void Ports_are_in_range_and_ranges_ordered()
    {
        SingleError(Samples.Policy(Samples.TcpTo(Port.FromNumber(70000))), "spec.ingress[0].destination.ports[0]", "70000", "between 0 and 65535");
        SingleError(Samples.Policy(Samples.TcpTo(Port.FromNumber(80), Port.FromRange(90, 80))), "spec.ingress[0].destination.ports[1]", "90:80", "minimum must not be greater");
        SingleError(Samples.Policy(Samples.TcpTo(Port.FromName("Not_A_Name"))), "spec.ingress[0].destination.ports[0]", "Not_A_Name", "valid port name");
    }

    [Fact]
    public void Numeric_ports_need_tcp_udp_or_sctp_but_named_ports_do_not()
    {
        var numeric = new Rule { Action = "Allow", Destination = new EntityRule { Ports = [Port.FromNumber(80)] } };
        SingleError(Samples.Policy(numeric), "spec.ingress[0].destination.ports[0]", "80", "require protocol TCP, UDP or SCTP");
        Valid(Samples.Policy(new Rule { Action = "Allow", Destination = new EntityRule { Ports = [Port.FromName("http")] } }));
        Valid(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.FromNumber(132), Source = new EntityRule { NotPorts = [Port.FromRange(1, 2)] } }));
    }

    [Fact]
    public void Ports_are_limited_to_50()
    {
        var ports = Enumerable.Range(1, 51).Select(Port.FromNumber).ToArray();
        SingleError(Samples.Policy(Samples.TcpTo(ports)), "spec.ingress[0].destination.ports", "51", "at most 50");
    }

    [Fact]
    public void Rules_are_limited_to_1024()
    {
        var policy = Samples.Policy([.. Enumerable.Range(0, 1025).Select(_ => Samples.Allow())]);
        SingleError(policy, "spec.ingress", "1025", "at most 1024");
    }

    [Fact]
    public void Rule_selectors_are_parsed_and_global_only_alone_in_namespace_selector()
    {
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Selector = "a ==" } }), "spec.ingress[0].source.selector", "a ==", "invalid selector");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { NotSelector = "global()" } }), "spec.ingress[0].source.notSelector", "global()", "not allowed");
        Valid(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { NamespaceSelector = "global()" } }));
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { NamespaceSelector = "global() && a == 'b'" } }), "spec.ingress[0].source.namespaceSelector", "global() && a == 'b'", "on its own");
    }

    [Fact]
    public void Service_matches_are_exclusive_and_directional()
    {
        var service = new ServiceMatch { Name = "api", Namespace = "web" };
        Valid(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Services = service } }));
        SingleError(Samples.Policy(new Rule { Action = "Allow", Destination = new EntityRule { Services = service } }), "spec.ingress[0].destination.services", "api", "services may only be used");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Source = new EntityRule { Services = service, Selector = "a == 'b'" } }), "spec.ingress[0].source.services", "api", "cannot be combined");

        var egress = Samples.Policy();
        egress.Spec.Egress = [new Rule { Action = "Allow", Protocol = ProtocolValue.Tcp, Destination = new EntityRule { Services = service, Ports = [Port.FromNumber(80)] } }];
        SingleError(egress, "spec.egress[0].destination.services", "api", "ports and notPorts cannot be used");
    }

    [Fact]
    public void Global_policy_service_match_needs_a_namespace()
    {
        var policy = Samples.GlobalPolicy();
        policy.Spec.Egress = [new Rule { Action = "Allow", Destination = new EntityRule { Services = new ServiceMatch { Name = "api" } } }];
        SingleError(policy, "spec.egress[0].destination.services.namespace", null, "requires a namespace");
    }

    [Fact]
    public void Http_matches_only_on_allow_tcp_rules_with_one_path_kind()
    {
        var http = new HttpMatch { Methods = ["GET"], Paths = [new HttpPath { Exact = "/a", Prefix = "/b" }] };
        SingleError(Samples.Policy(new Rule { Action = "Allow", Http = http }), "spec.ingress[0].http.paths[0]", null, "exactly one of exact or prefix");
        var ok = new HttpMatch { Paths = [new HttpPath { Prefix = "/" }] };
        SingleError(Samples.Policy(new Rule { Action = "Deny", Http = ok }), "spec.ingress[0].http", null, "only allowed on Allow rules");
        SingleError(Samples.Policy(new Rule { Action = "Allow", Protocol = ProtocolValue.Udp, Http = ok }), "spec.ingress[0].http", null, "protocol TCP");
    }

    [Fact]
    public void Types_are_an_enum_without_repeats()
    {
        var policy = Samples.Policy();
        policy.Spec.Types = ["Ingress", "Ingress"];
        SingleError(policy, "spec.types[1]", "Ingress", "duplicate");
        policy.Spec.Types = ["ingress"];
        SingleError(policy, "spec.types[0]", "ingress", "Ingress, Egress");
        policy.Spec.Types = ["Ingress", "Egress", "Ingress"];
        HasError(policy, "spec.types", "at most 2");
    }

    [Fact]
    public void Policy_selector_and_tier_are_checked()
    {
        var policy = Samples.Policy();
        policy.Spec.Selector = "global()";
        policy.Spec.Tier = "Bad.Tier";
        var errors = ResourceValidator.Validate(policy);
        Assert.Equal(["spec.tier", "spec.selector"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Global_flags_follow_calico_rules()
    {
        var policy = Samples.GlobalPolicy();
        policy.Spec.PreDNAT = true;
        policy.Spec.DoNotTrack = true;
        policy.Spec.ApplyOnForward = true;
        SingleError(policy, "spec.preDNAT", "true", "cannot both be true");

        policy.Spec.DoNotTrack = null;
        policy.Spec.Egress = [Samples.Allow()];
        policy.Spec.Types = ["Ingress", "Egress"];
        var errors = ResourceValidator.Validate(policy);
        Assert.Equal(["spec.egress", "spec.types"], errors.Select(e => e.Path));

        var untracked = Samples.GlobalPolicy();
        untracked.Spec.DoNotTrack = true;
        SingleError(untracked, "spec.applyOnForward", null, "applyOnForward must be true");
    }

    [Fact]
    public void Staged_action_is_an_enum()
    {
        var staged = new StagedGlobalNetworkPolicy { Metadata = { Name = "s" }, Spec = { StagedAction = "Apply" } };
        SingleError(staged, "spec.stagedAction", "Apply", "Set, Delete, Learn, Ignore");
    }

    [Fact]
    public void Tier_default_action_and_built_in_tiers()
    {
        SingleError(new Tier { Metadata = { Name = "t" }, Spec = { DefaultAction = "Allow" } }, "spec.defaultAction", "Allow", "Deny, Pass");
        SingleError(new Tier { Metadata = { Name = "default" }, Spec = { Order = 5 } }, "spec.order", "5", "must have order 1000000");
        SingleError(new Tier { Metadata = { Name = "kube-admin" }, Spec = { DefaultAction = "Deny" } }, "spec.defaultAction", "Deny", "must have defaultAction Pass");
        Valid(new Tier { Metadata = { Name = "kube-baseline" }, Spec = { Order = 10_000_000, DefaultAction = "Pass" } });
    }

    [Fact]
    public void Network_set_nets_and_profile_labels()
    {
        SingleError(new GlobalNetworkSet { Metadata = { Name = "s" }, Spec = { Nets = ["10.0.0.0/40"] } }, "spec.nets[0]", "10.0.0.0/40", "IP address or a CIDR");
        var profile = new Profile { Metadata = { Name = "p" }, Spec = { LabelsToApply = new Dictionary<string, string> { ["a"] = "-bad-" } } };
        SingleError(profile, "spec.labelsToApply['a']", "-bad-", "invalid label value");
    }
}
