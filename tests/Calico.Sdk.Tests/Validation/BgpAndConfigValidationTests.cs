using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;
using static Calico.Sdk.Tests.Validation.ValidationAssert;

namespace Calico.Sdk.Tests.Validation;

public sealed class BgpAndConfigValidationTests
{
    private static BGPPeer Peer(string? peerIP = "192.0.2.1") => new() { Metadata = { Name = "p" }, Spec = { PeerIP = peerIP, AsNumber = new AsNumber(64513) } };

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:1179")]
    [InlineData("2001:db8::1")]
    [InlineData("[2001:db8::1]:179")]
    public void Peer_ip_forms_are_accepted(string peerIP) => Valid(Peer(peerIP));

    [Theory]
    [InlineData("192.0.2.1:0")]
    [InlineData("[192.0.2.1]:179")]
    [InlineData("host.example:179")]
    [InlineData("2001:db8::1:99999")]
    public void Bad_peer_ips_are_rejected(string peerIP) => SingleError(Peer(peerIP), "spec.peerIP", peerIP, "IP, IPv4:port or [IPv6]:port");

    [Fact]
    public void Peer_exclusive_fields()
    {
        var peer = Peer();
        peer.Spec.Node = "n1";
        peer.Spec.NodeSelector = "all()";
        peer.Spec.PeerSelector = "rr == 'true'";
        peer.Spec.KeepOriginalNextHop = true;
        peer.Spec.NextHopMode = "Self";
        var errors = ResourceValidator.Validate(peer);
        Assert.Equal(["spec.nodeSelector", "spec.peerSelector", "spec.asNumber", "spec.nextHopMode"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Reachable_by_needs_a_peer_ip_of_the_same_family()
    {
        var peer = Peer();
        peer.Spec.ReachableBy = "2001:db8::fe";
        SingleError(peer, "spec.reachableBy", "2001:db8::fe", "same IP version");
    }

    [Fact]
    public void Peer_enums_and_durations()
    {
        var peer = Peer();
        peer.Spec.SourceAddress = "NodeIP";
        peer.Spec.MaxRestartTime = "two minutes";
        peer.Spec.TtlSecurity = 256;
        var errors = ResourceValidator.Validate(peer);
        Assert.Equal([("spec.sourceAddress", "NodeIP"), ("spec.maxRestartTime", "two minutes"), ("spec.ttlSecurity", "256")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Local_workload_selector_needs_an_as_number_and_no_peer_ip()
    {
        var peer = Peer();
        peer.Spec.AsNumber = null;
        peer.Spec.LocalWorkloadSelector = "bgp == 'on'";
        var errors = ResourceValidator.Validate(peer);
        Assert.Equal(["spec.asNumber", "spec.localWorkloadSelector"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Per_node_bgp_configuration_refuses_global_only_fields()
    {
        var config = new BGPConfiguration { Metadata = { Name = "node.n1" }, Spec = { AsNumber = new AsNumber(1), NodeToNodeMeshEnabled = true, ListenPort = 1179 } };
        var errors = ResourceValidator.Validate(config);
        Assert.Equal(["spec.nodeToNodeMeshEnabled", "spec.asNumber"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains("global", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Communities_and_prefix_advertisements()
    {
        var config = new BGPConfiguration
        {
            Metadata = { Name = "default" },
            Spec =
            {
                Communities = [new Community { Name = "gold", Value = "65536:1" }],
                PrefixAdvertisements = [new PrefixAdvertisement { Cidr = "10.0.0.0/8", Communities = ["gold", "silver", "1:2:3"] }],
                ServiceClusterIPs = [new ServiceClusterIPBlock { Cidr = "10.96.0.0/99" }],
            },
        };
        var errors = ResourceValidator.Validate(config);
        Assert.Equal(
            [("spec.serviceClusterIPs[0].cidr", "10.96.0.0/99"), ("spec.communities[0].value", "65536:1"), ("spec.prefixAdvertisements[0].communities[1]", "silver")],
            errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Bgp_filter_rules()
    {
        var filter = new BGPFilter
        {
            Metadata = { Name = "f" },
            Spec =
            {
                ExportV4 = [new BGPFilterRule { Cidr = "fd00::/8", MatchOperator = "In", Action = "Accept" }],
                ImportV4 = [new BGPFilterRule { Cidr = "10.0.0.0/8", Action = "Reject", Operations = [new BGPFilterOperation { SetPriority = new BGPFilterSetPriority { Value = 5 } }] }],
                ExportV6 = [new BGPFilterRule { Action = "Accept", Operations = [new BGPFilterOperation()], PrefixLength = new BGPFilterPrefixLength { Min = 64, Max = 48 } }],
            },
        };
        var errors = ResourceValidator.Validate(filter);
        Assert.Equal(
            [
                "spec.exportV4[0].cidr",
                "spec.importV4[0].matchOperator",
                "spec.importV4[0].operations",
                "spec.exportV6[0].prefixLength",
                "spec.exportV6[0].prefixLength.min",
                "spec.exportV6[0].operations[0]",
            ],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Felix_configuration_enums_ranges_and_durations()
    {
        var felix = new FelixConfiguration
        {
            Metadata = { Name = "default" },
            Spec =
            {
                IptablesBackend = "nft",
                VxlanVni = 1 << 24,
                NatPortRange = Port.FromRange(2000, 1000),
                RouteRefreshInterval = "90",
                FailsafeInboundHostPorts = [new ProtoPort { Protocol = "icmp", Port = 1 }],
                KubeNodePortRanges = [Port.FromName("nodeports")],
            },
        };
        var errors = ResourceValidator.Validate(felix);
        Assert.Equal(
            [
                ("spec.iptablesBackend", "nft"),
                ("spec.failsafeInboundHostPorts[0].protocol", "icmp"),
                ("spec.vxlanVNI", "16777216"),
                ("spec.natPortRange", "2000:1000"),
                ("spec.routeRefreshInterval", "90"),
                ("spec.kubeNodePortRanges[0]", "nodeports"),
            ],
            errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Kube_controllers_configuration_checks_templates()
    {
        var kcc = new KubeControllersConfiguration
        {
            Metadata = { Name = "default" },
            Spec =
            {
                Controllers = new ControllersConfig
                {
                    Node = new NodeControllerConfig
                    {
                        HostEndpoint = new AutoHostEndpointConfig { Templates = [new AutoHostEndpointTemplate { GenerateName = "data", InterfacePattern = "eth[" }] },
                    },
                    LoadBalancer = new LoadBalancerControllerConfig { AssignIPs = "Some" },
                },
            },
        };
        var errors = ResourceValidator.Validate(kcc);
        Assert.Equal(["spec.controllers.node.hostEndpoint.templates[0].interfacePattern", "spec.controllers.loadBalancer.assignIPs"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Cluster_information_guid_is_hex() =>
        SingleError(new ClusterInformation { Metadata = { Name = "default" }, Spec = { ClusterGuid = "not-a-guid" } }, "spec.clusterGUID", "not-a-guid", "32 lower-case hex");

    [Fact]
    public void Kubernetes_network_policy_rules()
    {
        var knp = new KubernetesNetworkPolicy
        {
            Metadata = { Name = "k", Namespace = "web" },
            Spec =
            {
                PodSelector = new LabelSelector { MatchExpressions = [new LabelSelectorRequirement { Key = "tier", Operator = "In" }] },
                PolicyTypes = ["Ingress", "Sideways"],
                Ingress =
                [
                    new KubernetesNetworkPolicyIngressRule
                    {
                        From = [new KubernetesNetworkPolicyPeer { IPBlock = new IPBlock { Cidr = "10.0.0.0/8", Except = ["11.0.0.0/16"] } }],
                        Ports = [new KubernetesNetworkPolicyPort { Protocol = "TCP", Port = IntOrString.FromInt(100), EndPort = 99 }],
                    },
                ],
                Egress = [new KubernetesNetworkPolicyEgressRule { To = [new KubernetesNetworkPolicyPeer { IPBlock = new IPBlock { Cidr = "10.0.0.0/8" }, PodSelector = new LabelSelector() }] }],
            },
        };
        var errors = ResourceValidator.Validate(knp);
        Assert.Equal(
            [
                "spec.podSelector.matchExpressions[0].values",
                "spec.policyTypes[1]",
                "spec.ingress[0].ports[0].endPort",
                "spec.ingress[0].from[0].ipBlock.except[0]",
                "spec.egress[0].to[0]",
            ],
            errors.Select(e => e.Path));
    }
}
