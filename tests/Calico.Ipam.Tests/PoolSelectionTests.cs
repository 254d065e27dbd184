using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Ipam.Tests;

public sealed class PoolSelectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requested_pools_are_found_by_name_or_cidr_and_must_exist()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "a", "10.1.0.0/24");
        await IpamFixture.AddPoolAsync(store, "b", "10.2.0.0/24");
        await IpamFixture.AddPoolAsync(store, "off", "10.3.0.0/24", configure: s => s.Disabled = true);
        var ipam = new CalicoIpam(store);

        var byName = await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1") with { IPv4Pools = ["b"] }, Ct);
        Assert.StartsWith("10.2.0.", byName.IPv4[0].Address.ToString(), StringComparison.Ordinal);
        var byCidr = await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-1") with { IPv4Pools = ["10.1.0.0/24"] }, Ct);
        Assert.StartsWith("10.1.0.", byCidr.IPv4[0].Address.ToString(), StringComparison.Ordinal);

        var revision = store.CurrentRevision;
        var missing = await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-1") with { IPv4Pools = ["nope"] }, Ct));
        Assert.Contains("the given pool (nope) does not exist, or is not enabled", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-1") with { IPv4Pools = ["off"] }, Ct));
        Assert.Equal(revision, store.CurrentRevision);
    }

    [Fact]
    public async Task Manual_pools_are_used_only_when_named_and_disabled_pools_never()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "manual", "10.1.0.0/24", configure: s => s.AssignmentMode = "Manual");
        await IpamFixture.AddPoolAsync(store, "off", "10.2.0.0/24", configure: s => s.Disabled = true);
        var ipam = new CalicoIpam(store);

        var none = await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct));
        Assert.Contains("cannot find a qualified IPv4 ippool", none.Message, StringComparison.Ordinal);
        var named = await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1") with { IPv4Pools = ["manual"] }, Ct);
        Assert.StartsWith("10.1.0.", named.IPv4[0].Address.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_and_namespace_selectors_pick_the_pool()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "zone-a", "10.1.0.0/24", configure: s => s.NodeSelector = "zone == 'a'");
        await IpamFixture.AddPoolAsync(store, "zone-b", "10.2.0.0/24", configure: s => s.NodeSelector = "zone == 'b'");
        await IpamFixture.AddPoolAsync(store, "tenant", "10.3.0.0/24", configure: s => s.NamespaceSelector = "tenant == 'blue'");
        foreach (var (node, zone) in new[] { ("node-a", "a"), ("node-b", "b") })
        {
            await store.CreateAsync(ResourceKinds.Node, new Node { Metadata = new ObjectMeta { Name = node, Labels = new Dictionary<string, string> { ["zone"] = zone } } }, Ct);
        }

        var ipam = new CalicoIpam(store);
        var a = await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-a") with { NamespaceLabels = new Dictionary<string, string> { ["tenant"] = "red" } }, Ct);
        Assert.StartsWith("10.1.0.", a.IPv4[0].Address.ToString(), StringComparison.Ordinal);
        var b = await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-b", 2) with { NamespaceLabels = new Dictionary<string, string> { ["tenant"] = "red" } }, Ct);
        Assert.All(b.IPv4, x => Assert.StartsWith("10.2.0.", x.Address.ToString(), StringComparison.Ordinal));

        // A blue namespace on a node matching no zone gets only the tenant pool.
        var blue = await ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-c", 3) with { NamespaceLabels = new Dictionary<string, string> { ["tenant"] = "blue" } }, Ct);
        Assert.All(blue.IPv4, x => Assert.StartsWith("10.3.0.", x.Address.ToString(), StringComparison.Ordinal));
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h4", "node-c"), Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Allowed_uses_separate_tunnel_and_workload_pools()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "tunnels", "10.9.0.0/28", blockSize: 28, configure: s => s.AllowedUses = ["Tunnel"]);
        await IpamFixture.AddPoolAsync(store, "pods", "10.1.0.0/24", configure: s => s.AllowedUses = ["Workload"]);
        var ipam = new CalicoIpam(store);

        var tunnel = await ipam.AutoAssignAsync(new AutoAssignRequest(IpamHandleIds.VxlanTunnel("node-1"), "node-1", 1, 0) { Use = IpamUse.Tunnel }, Ct);
        Assert.StartsWith("10.9.0.", tunnel.IPv4[0].Address.ToString(), StringComparison.Ordinal);
        var pod = await ipam.AutoAssignAsync(IpamFixture.V4("pod", "node-1"), Ct);
        Assert.StartsWith("10.1.0.", pod.IPv4[0].Address.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("lb", "node-1", 1, 0) { Use = IpamUse.LoadBalancer }, Ct));
        var wrongUse = await Assert.ThrowsAsync<ArgumentException>(() => ipam.AssignAsync(new AssignIpRequest(System.Net.IPAddress.Parse("10.9.0.5"), "x", "node-1"), Ct));
        Assert.Contains("does not allow Workload", wrongUse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserved_addresses_are_never_handed_out()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/28", blockSize: 28);
        await IpamFixture.AddReservationAsync(store, "r", "10.0.0.0/30", "10.0.0.9");
        var ipam = new CalicoIpam(store);
        var got = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            got.Add((await ipam.AutoAssignAsync(IpamFixture.V4($"h{i}", "node-1"), Ct)).IPv4[0].Address.ToString());
        }

        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h-last", "node-1"), Ct));
        Assert.DoesNotContain("10.0.0.0", got);
        Assert.DoesNotContain("10.0.0.3", got);
        Assert.DoesNotContain("10.0.0.9", got);
        Assert.Equal(11, got.Distinct().Count());
        var reserved = await Assert.ThrowsAsync<IpAddressInUseException>(() => ipam.AssignAsync(new AssignIpRequest(System.Net.IPAddress.Parse("10.0.0.9"), "s", "node-1"), Ct));
        Assert.Contains("reserved", reserved.Message, StringComparison.Ordinal);
        await IpamFixture.AssertCleanAsync(ipam);
    }
}
