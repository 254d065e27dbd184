using System.Net;
using Calico.Routing.Bgp;
using Calico.Routing.Bgp.Config;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;

namespace Calico.Bgp.Tests;

public sealed class TopologyTests : IDisposable
{
    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "bgp-secrets-" + Guid.NewGuid().ToString("N")[..8]);

    private static RoutingNode N(int i) => new("node" + i, IPAddress.Parse("10.0.0." + i), IPAddress.Parse("fd00::" + i));

    private static RoutingState State(params RoutedBlock[] blocks) => new(N(2), [N(1), N(2), N(3)], blocks);

    private static Node NodeResource(int i, string? cluster = null, uint? asn = null, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = "node" + i, Labels = labels },
        Spec = new NodeSpec { Bgp = new NodeBgpSpec { IPv4Address = "10.0.0." + i + "/24", RouteReflectorClusterId = cluster, AsNumber = asn is null ? null : new AsNumber(asn.Value) } },
    };

    private BgpTopology Compute(CalicoBgpInputs inputs, BgpRoutingOptions? options = null) =>
        TopologyBuilder.Compute(inputs, options ?? new BgpRoutingOptions(), new SecretResolver(_secrets));

    public void Dispose()
    {
        if (Directory.Exists(_secrets))
        {
            Directory.Delete(_secrets, recursive: true);
        }
    }

    [Fact]
    public void Mesh_peers_every_other_node_and_the_lower_address_waits()
    {
        var topology = Compute(new CalicoBgpInputs("node2", State()));
        Assert.Equal(64512u, topology.LocalAs);
        Assert.Equal(179, topology.ListenPort);
        Assert.Equal(4, topology.Peers.Count);
        Assert.All(topology.Peers, p => Assert.Equal("node-to-node mesh", p.PeerType));
        Assert.False(topology.Peers.Single(p => p.Address.Equals(IPAddress.Parse("10.0.0.1"))).Passive);
        Assert.True(topology.Peers.Single(p => p.Address.Equals(IPAddress.Parse("10.0.0.3"))).Passive);
        Assert.True(topology.Peers.Single(p => p.Address.Equals(IPAddress.Parse("fd00::3"))).Passive);
    }

    [Fact]
    public void Blackholes_are_kept_for_exported_blocks_unless_another_owner_has_them()
    {
        var state = State(new RoutedBlock(IPNetwork.Parse("10.244.2.0/26"), "node2", Encapsulation.None), new RoutedBlock(IPNetwork.Parse("10.244.9.7/32"), "node2", Encapsulation.None));
        var standalone = Compute(new CalicoBgpInputs("node2", state));
        Assert.Equal([("10.244.2.0/26", true), ("10.244.9.7/32", false)], standalone.LocalRoutes.Select(r => (r.Prefix.ToString(), r.Blackhole)).Order());
        var underAgent = Compute(new CalicoBgpInputs("node2", state), new BgpRoutingOptions { InstallBlackholes = false });
        Assert.Equal(["10.244.2.0/26", "10.244.9.7/32"], underAgent.LocalRoutes.Select(r => r.Prefix.ToString()).Order());
        Assert.All(underAgent.LocalRoutes, r => Assert.False(r.Blackhole));
    }

    [Fact]
    public void Mesh_can_be_disabled_and_as_number_comes_from_configuration()
    {
        var config = new BGPConfiguration { Metadata = new ObjectMeta { Name = "default" }, Spec = new BGPConfigurationSpec { NodeToNodeMeshEnabled = false, AsNumber = new AsNumber(65100), ListenPort = 1179 } };
        var topology = Compute(new CalicoBgpInputs("node2", State()) { Configurations = [config] });
        Assert.Empty(topology.Peers);
        Assert.Equal(65100u, topology.LocalAs);
        Assert.Equal(1179, topology.ListenPort);
    }

    [Fact]
    public void Route_reflector_node_leaves_the_mesh_and_serves_selected_clients()
    {
        var peer = new BGPPeer { Metadata = new ObjectMeta { Name = "to-rr" }, Spec = new BGPPeerSpec { NodeSelector = "all()", PeerSelector = "route-reflector == 'true'" } };
        var nodes = new[] { NodeResource(1), NodeResource(2, cluster: "224.0.0.1", labels: new() { ["route-reflector"] = "true" }), NodeResource(3) };
        var onReflector = Compute(new CalicoBgpInputs("node2", State()) { Nodes = nodes, Peers = [peer] });
        Assert.Equal(0xE0000001u, onReflector.ClusterId);
        Assert.Empty(onReflector.Peers); // no mesh on the RR, and it does not select itself

        var onClient = Compute(new CalicoBgpInputs("node1", State() with { LocalNode = N(1) }) { Nodes = nodes, Peers = [peer] });
        Assert.DoesNotContain(onClient.Peers, p => p.PeerType == "node-to-node mesh" && p.Address.Equals(IPAddress.Parse("10.0.0.2")));
        Assert.Contains(onClient.Peers, p => p.PeerType == "global" && p.Address.Equals(IPAddress.Parse("10.0.0.2")));
    }

    [Fact]
    public void Reflector_marks_internal_peers_outside_its_cluster_as_clients()
    {
        var peer = new BGPPeer { Metadata = new ObjectMeta { Name = "clients" }, Spec = new BGPPeerSpec { Node = "node2", PeerSelector = "all()" } };
        var nodes = new[] { NodeResource(1), NodeResource(2, cluster: "224.0.0.1"), NodeResource(3, cluster: "224.0.0.1") };
        var topology = Compute(new CalicoBgpInputs("node2", State()) { Nodes = nodes, Peers = [peer] });
        Assert.True(topology.Peers.Single(p => p.Address.Equals(IPAddress.Parse("10.0.0.1"))).RouteReflectorClient);
        Assert.False(topology.Peers.Single(p => p.Address.Equals(IPAddress.Parse("10.0.0.3"))).RouteReflectorClient);
        Assert.All(topology.Peers, p => Assert.Equal("node specific", p.PeerType));
    }

    [Fact]
    public void Peer_for_another_node_or_unmatched_selector_is_ignored()
    {
        var other = new BGPPeer { Metadata = new ObjectMeta { Name = "other" }, Spec = new BGPPeerSpec { Node = "node9", PeerIP = "192.0.2.1", AsNumber = new AsNumber(65000) } };
        var selected = new BGPPeer { Metadata = new ObjectMeta { Name = "sel" }, Spec = new BGPPeerSpec { NodeSelector = "rack == 'a'", PeerIP = "192.0.2.2:1179", AsNumber = new AsNumber(65000), KeepOriginalNextHop = true, MaxRestartTime = "2m0s" } };
        var nodes = new[] { NodeResource(2, labels: new() { ["rack"] = "a" }) };
        var topology = Compute(new CalicoBgpInputs("node2", State()) { Nodes = nodes, Peers = [other, selected], Configurations = [new BGPConfiguration { Metadata = new ObjectMeta { Name = "default" }, Spec = new BGPConfigurationSpec { NodeToNodeMeshEnabled = false } }] });
        var peer = Assert.Single(topology.Peers);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), peer.Address);
        Assert.Equal(1179, peer.Port);
        Assert.Equal(Calico.Routing.Bgp.Session.NextHopMode.Keep, peer.NextHopMode);
        Assert.Equal(120, peer.MaxRestartTime);
    }

    [Fact]
    public void Exports_only_own_blocks_honouring_disable_bgp_export_with_communities()
    {
        var config = new BGPConfiguration
        {
            Metadata = new ObjectMeta { Name = "default" },
            Spec = new BGPConfigurationSpec
            {
                Communities = [new Community { Name = "pods", Value = "64512:300" }],
                PrefixAdvertisements = [new PrefixAdvertisement { Cidr = "10.244.0.0/16", Communities = ["pods", "64512:1:1"] }],
                ServiceClusterIPs = [new ServiceClusterIPBlock { Cidr = "10.96.0.0/12" }],
            },
        };
        var state = State(
            new RoutedBlock(IPNetwork.Parse("10.244.2.0/26"), "node2", Encapsulation.None),
            new RoutedBlock(IPNetwork.Parse("10.244.1.0/26"), "node1", Encapsulation.None),
            new RoutedBlock(IPNetwork.Parse("10.244.1.7/32"), "node2", Encapsulation.None),
            new RoutedBlock(IPNetwork.Parse("10.245.2.0/26"), "node2", Encapsulation.None) { DisableBgpExport = true });
        var routes = Compute(new CalicoBgpInputs("node2", state) { Configurations = [config] }).LocalRoutes;
        Assert.Equal(["10.244.2.0/26", "10.244.1.7/32", "10.96.0.0/12"], routes.Select(r => r.Prefix.ToString()));
        Assert.True(routes[0].Blackhole);
        Assert.False(routes[1].Blackhole);
        Assert.False(routes[2].Blackhole);
        Assert.Equal(["64512:300", "64512:1:1"], routes[0].Communities);
        Assert.Empty(routes[2].Communities);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Password_comes_from_a_root_only_file_and_never_shows_in_text()
    {
        Directory.CreateDirectory(Path.Combine(_secrets, "bgp"));
        var file = Path.Combine(_secrets, "bgp", "pw");
        File.WriteAllText(file, "t0p-secret\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var peer = new BGPPeer { Metadata = new ObjectMeta { Name = "p" }, Spec = new BGPPeerSpec { PeerIP = "192.0.2.1", AsNumber = new AsNumber(65000), Password = new BgpPassword { SecretKeyRef = new SecretKeySelector { Name = "bgp", Key = "pw" } } } };
        var topology = Compute(new CalicoBgpInputs("node2", State()) { Peers = [peer] });
        var configured = topology.Peers.Single(p => p.PeerType == "global");
        Assert.Equal("t0p-secret", configured.Password);
        Assert.DoesNotContain("t0p-secret", configured.ToString(), StringComparison.Ordinal);

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var refused = Compute(new CalicoBgpInputs("node2", State()) { Peers = [peer] });
        Assert.DoesNotContain(refused.Peers, p => p.PeerType == "global");
        var problem = Assert.Single(refused.Problems);
        Assert.Contains("readable", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("t0p-secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_filter_drops_the_peer_with_a_named_problem()
    {
        var peer = new BGPPeer { Metadata = new ObjectMeta { Name = "p" }, Spec = new BGPPeerSpec { PeerIP = "192.0.2.1", AsNumber = new AsNumber(65000), Filters = ["nope"] } };
        var topology = Compute(new CalicoBgpInputs("node2", State()) { Peers = [peer] });
        Assert.DoesNotContain(topology.Peers, p => p.PeerType == "global");
        Assert.Contains("BGPFilter 'nope' does not exist", Assert.Single(topology.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("120s", 120)]
    [InlineData("2m0s", 120)]
    [InlineData("1h1m1s", 3661)]
    [InlineData("1.5s", 1.5)]
    public void Go_durations_parse(string text, double seconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds);
    }
}
