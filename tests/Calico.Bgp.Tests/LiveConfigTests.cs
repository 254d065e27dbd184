using System.Net;
using Calico.Bgp.Tests.Interop;
using Calico.Routing.Bgp;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Calico.Sdk.Status;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Bgp.Tests;

/// <summary>
/// BGPConfiguration, BGPPeer, BGPFilter and Node changes take effect while the router runs (no restart, no
/// reconcile): routers on loopback addresses with their own listen ports, kernel programming off, one in-memory store.
/// </summary>
public sealed class LiveConfigTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static RoutingNode Node(int i) => new("node" + i, IPAddress.Parse("127.0.100." + i), null);

    private static ServiceProvider Router(IDatastore store, int port, Calico.Sdk.Linux.NetworkNamespace? ns = null) => new ServiceCollection()
        .AddSingleton(store)
        .AddBgpRouting(o =>
        {
            o.ProgramKernel = false;
            o.ListenPort = port;
            o.Namespace = ns;
            o.HoldTime = TimeSpan.FromSeconds(9);
            o.ConnectRetryTime = TimeSpan.FromMilliseconds(500);
        })
        .BuildServiceProvider();

    private static BGPConfiguration Config(bool mesh) => new() { Metadata = { Name = "default" }, Spec = { NodeToNodeMeshEnabled = mesh, AsNumber = new AsNumber(64512) } };

    private static BGPPeer Peer(string name, string? node, string peerIp, uint asn, params string[] filters) =>
        new() { Metadata = { Name = name }, Spec = { Node = node, PeerIP = peerIp, AsNumber = new AsNumber(asn), Filters = filters.Length == 0 ? null : [.. filters] } };

    private static async Task<T> UpdateAsync<T>(IDatastore store, ResourceKind kind, string name, Action<T> change)
        where T : Resource
    {
        var current = (T)(await store.GetAsync(kind, null, name, Ct))!;
        change(current);
        return (T)await store.UpdateAsync(kind, current, Ct);
    }

    private static string Rows(BgpRouter router) => string.Join("; ", router.GetPeerStatus().Select(s => $"{s.PeerAddress} {s.PeerType} AS{s.AsNumber} {s.State} received {s.RoutesReceived}"));

    [Fact]
    public async Task Mesh_toggle_peers_and_node_changes_apply_without_restart()
    {
        var store = new InMemoryDatastore();
        await store.CreateAsync(ResourceKinds.BGPConfiguration, Config(mesh: true), Ct);
        foreach (var i in new[] { 1, 2, 3 })
        {
            await store.CreateAsync(ResourceKinds.Node, new Calico.Sdk.Resources.Node { Metadata = { Name = "node" + i }, Spec = { Bgp = new NodeBgpSpec { IPv4Address = $"127.0.100.{i}/32" } } }, Ct);
        }

        await using var provider = Router(store, 17000 + Random.Shared.Next(1000));
        var router = provider.GetRequiredService<BgpRouter>();
        await router.StartAsync(Node(1), Ct);
        await router.ReconcileAsync(new RoutingState(Node(1), [Node(1), Node(2), Node(3)], []), Ct);
        Assert.Equal(["127.0.100.2 node-to-node mesh", "127.0.100.3 node-to-node mesh"], router.GetPeerStatus().Select(s => s.PeerAddress + " " + s.PeerType).Order());

        await store.CreateAsync(ResourceKinds.BGPPeer, Peer("tor", null, "127.0.200.1", 65000), Ct);
        await Shell.EventuallyAsync(() => router.GetPeerStatus().Any(s => s is { PeerAddress: "127.0.200.1", PeerType: "global", AsNumber: 65000 }), "the new global BGPPeer", 10, () => Rows(router));

        await UpdateAsync<BGPConfiguration>(store, ResourceKinds.BGPConfiguration, "default", c => c.Spec.NodeToNodeMeshEnabled = false);
        await Shell.EventuallyAsync(() => router.GetPeerStatus().All(s => s.PeerType != "node-to-node mesh"), "mesh sessions gone", 10, () => Rows(router));
        Assert.Single(router.GetPeerStatus());

        await UpdateAsync<BGPConfiguration>(store, ResourceKinds.BGPConfiguration, "default", c => c.Spec.NodeToNodeMeshEnabled = true);
        await Shell.EventuallyAsync(() => router.GetPeerStatus().Count(s => s.PeerType == "node-to-node mesh") == 2, "mesh back", 10, () => Rows(router));

        // Node resources: another node's AS number, then a route reflector cluster id that takes it out of the mesh.
        await UpdateAsync<Calico.Sdk.Resources.Node>(store, ResourceKinds.Node, "node2", n => n.Spec.Bgp!.AsNumber = new AsNumber(65002));
        await Shell.EventuallyAsync(() => router.GetPeerStatus().Any(s => s is { PeerAddress: "127.0.100.2", AsNumber: 65002 }), "node2's new AS", 10, () => Rows(router));
        await UpdateAsync<Calico.Sdk.Resources.Node>(store, ResourceKinds.Node, "node3", n => n.Spec.Bgp!.RouteReflectorClusterId = "224.0.0.1");
        await Shell.EventuallyAsync(() => router.GetPeerStatus().All(s => s.PeerAddress != "127.0.100.3"), "route reflector node3 leaves the mesh", 10, () => Rows(router));

        await store.DeleteAsync(ResourceKinds.BGPPeer, null, "tor", cancellationToken: Ct);
        await Shell.EventuallyAsync(() => router.GetPeerStatus().All(s => s.PeerAddress != "127.0.200.1"), "deleted BGPPeer gone", 10, () => Rows(router));
        Assert.True(router.ResourceChangesApplied >= 6, "changes applied by the watch: " + router.ResourceChangesApplied);
    }

    /// <summary>Two routers in lab namespaces (a route's next hop must be a real address, not loopback).</summary>
    [Fact]
    public async Task Changed_filter_reevaluates_routes_on_the_running_session()
    {
        using var lab = Lab.Create(2);
        var store = new InMemoryDatastore();
        await store.CreateAsync(ResourceKinds.BGPConfiguration, Config(mesh: false), Ct);
        await store.CreateAsync(ResourceKinds.BGPPeer, Peer("one-to-two", "node1", "10.99.0.2", 64512), Ct);
        await store.CreateAsync(ResourceKinds.BGPPeer, Peer("two-to-one", "node2", "10.99.0.1", 64512, "in"), Ct);
        static RoutingNode Node(int i) => new("node" + i, IPAddress.Parse("10.99.0." + i), null);

        await using var p1 = Router(store, 179, lab.Open(1));
        await using var p2 = Router(store, 179, lab.Open(2));
        var one = p1.GetRequiredService<BgpRouter>();
        var two = p2.GetRequiredService<BgpRouter>();
        RoutedBlock[] blocks = [new(IPNetwork.Parse("10.244.1.0/26"), "node1", Encapsulation.None), new(IPNetwork.Parse("10.244.2.0/26"), "node1", Encapsulation.None)];
        await one.StartAsync(Node(1), Ct);
        await one.ReconcileAsync(new RoutingState(Node(1), [Node(1), Node(2)], blocks), Ct);
        await two.StartAsync(Node(2), Ct);
        await two.ReconcileAsync(new RoutingState(Node(2), [Node(1), Node(2)], blocks), Ct);

        // The filter "in" does not exist yet: node2 does not peer without it (a named problem), then peers once it exists.
        Assert.Empty(two.GetPeerStatus());
        await store.CreateAsync(ResourceKinds.BGPFilter, new BGPFilter
        {
            Metadata = { Name = "in" },
            Spec = { ImportV4 = [new BGPFilterRule { Cidr = "10.244.2.0/26", MatchOperator = "Equal", Action = "Reject" }] },
        }, Ct);
        BgpPeerStatus Session() => Assert.Single(two.GetPeerStatus());
        await Shell.EventuallyAsync(() => two.GetPeerStatus() is [{ State: "Established", RoutesReceived: 1 }], "session with one route accepted", 20, () => Rows(two));
        var since = Session().Since;

        await UpdateAsync<BGPFilter>(store, ResourceKinds.BGPFilter, "in", f => f.Spec.ImportV4 = [new BGPFilterRule { Cidr = "10.244.1.0/26", MatchOperator = "Equal", Action = "Reject" }]);
        await Shell.EventuallyAsync(() => Session().RoutesReceived == 1 && HasPath(two, "10.244.2.0/26") && !HasPath(two, "10.244.1.0/26"), "the other block filtered now", 10, () => Rows(two));
        await UpdateAsync<BGPFilter>(store, ResourceKinds.BGPFilter, "in", f => f.Spec.ImportV4 = []);
        await Shell.EventuallyAsync(() => Session().RoutesReceived == 2, "both blocks accepted", 10, () => Rows(two));
        Assert.Equal(("Established", since), (Session().State, Session().Since));
    }

    private static bool HasPath(BgpRouter router, string prefix) => router.HasRoute(prefix);
}
