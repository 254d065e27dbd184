using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Ipam.Tests;

public sealed class AffinityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<BlockAffinity>> AffinitiesAsync(InMemoryDatastore store) =>
        [.. (await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items.Cast<BlockAffinity>()];

    [Fact]
    public async Task Each_node_claims_its_own_block_with_a_confirmed_affinity()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var one = await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct);
        var two = await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-2"), Ct);
        Assert.NotEqual(one.IPv4[0].BlockCidr, two.IPv4[0].BlockCidr);
        var affinities = await AffinitiesAsync(store);
        Assert.Equal(2, affinities.Count);
        Assert.All(affinities, a => Assert.Equal("confirmed", a.Spec.State));
        var block = (IPAMBlock)(await store.GetAsync(ResourceKinds.IPAMBlock, null, IpamNames.Block(IpCidr.Parse(one.IPv4[0].BlockCidr)), Ct))!;
        Assert.Equal("host:node-1", block.Spec.Affinity);
        var utilization = await ipam.GetUtilizationAsync(Ct);
        Assert.Equal([one.IPv4[0].BlockCidr], utilization.NodeAffinities["node-1"]);
        Assert.Equal(256, (int)utilization.Pools[0].Capacity);
        Assert.Equal(2, utilization.Pools[0].InUse);
    }

    [Fact]
    public async Task Without_strict_affinity_a_node_borrows_and_with_it_gets_a_clean_error()
    {
        foreach (var strict in new[] { false, true })
        {
            var store = new InMemoryDatastore();
            await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/26");
            await IpamFixture.SetConfigAsync(store, strictAffinity: strict);
            var ipam = new CalicoIpam(store);
            await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct);
            if (strict)
            {
                var ex = await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-2"), Ct));
                Assert.Contains("strict affinity forbids borrowing", ex.Message, StringComparison.Ordinal);
            }
            else
            {
                var borrowed = await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-2", 3), Ct);
                Assert.All(borrowed.IPv4, a => Assert.Equal("10.0.0.0/26", a.BlockCidr));
                var block = (await ipam.GetUtilizationAsync(Ct)).Pools[0].Blocks.Single();
                Assert.Equal(("host:node-1", 4, 3), (block.Affinity, block.InUse, block.Borrowed));
                Assert.False((await ipam.GetUtilizationAsync(Ct)).NodeAffinities.ContainsKey("node-2"));
            }

            await IpamFixture.AssertCleanAsync(ipam);
        }
    }

    [Fact]
    public async Task Max_blocks_per_host_limits_claims_and_zero_means_twenty()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/20", blockSize: 28);
        await IpamFixture.SetConfigAsync(store, strictAffinity: true, maxBlocksPerHost: 0);
        var ipam = new CalicoIpam(store);
        await ipam.AutoAssignAsync(IpamFixture.V4("h", "node-1", 20 * 16), Ct);
        var ex = await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-1"), Ct));
        Assert.Contains("per host block limit (20)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(20, (await ipam.GetUtilizationAsync(Ct)).NodeAffinities["node-1"].Count);

        var limited = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(limited, "p", "10.0.0.0/24", blockSize: 28);
        await IpamFixture.SetConfigAsync(limited, strictAffinity: true, maxBlocksPerHost: 2);
        var two = new CalicoIpam(limited);
        await Assert.ThrowsAsync<IpamExhaustedException>(() => two.AutoAssignAsync(IpamFixture.V4("h", "node-1", 33), Ct));
        await two.AutoAssignAsync(IpamFixture.V4("h", "node-1", 32), Ct);
        await IpamFixture.AssertCleanAsync(two);
    }

    [Fact]
    public async Task Without_auto_allocation_no_block_is_claimed()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        await IpamFixture.SetConfigAsync(store, autoAllocateBlocks: false);
        var ipam = new CalicoIpam(store);
        var ex = await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h", "node-1"), Ct));
        Assert.Contains("autoAllocateBlocks: false", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await store.ListAsync(ResourceKinds.IPAMBlock, null, Ct)).Items);
    }

    [Fact]
    public async Task Another_nodes_empty_block_is_reclaimed_only_after_the_grace_period()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/26");
        var ipam = new CalicoIpam(store, timeProvider: time);
        await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct);
        await ipam.ReleaseByHandleAsync("h1", Ct);

        // Young claim: node-2 borrows, the block stays node-1's.
        time.Advance(TimeSpan.FromSeconds(59));
        await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-2"), Ct);
        Assert.Equal("host:node-1", (await ipam.GetUtilizationAsync(Ct)).Pools[0].Blocks[0].Affinity);
        await ipam.ReleaseByHandleAsync("h2", Ct);

        time.Advance(TimeSpan.FromSeconds(1));
        await ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-2"), Ct);
        var utilization = await ipam.GetUtilizationAsync(Ct);
        Assert.Equal("host:node-2", utilization.Pools[0].Blocks[0].Affinity);
        Assert.False(utilization.NodeAffinities.ContainsKey("node-1"));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Removing_a_node_releases_its_tunnel_and_workload_addresses_and_affinities()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var tunnel = await ipam.AssignAsync(new AssignIpRequest(System.Net.IPAddress.Parse("10.0.0.1"), IpamHandleIds.VxlanTunnel("node-1"), "node-1") { Use = IpamUse.Tunnel }, Ct);
        Assert.Equal("10.0.0.0/26", tunnel.BlockCidr);
        await ipam.AutoAssignAsync(IpamFixture.V4("pod-a", "node-1", 70), Ct);
        var survivor = await ipam.AutoAssignAsync(IpamFixture.V4("pod-b", "node-2"), Ct);

        await ipam.ReleaseNodeAsync("node-1", Ct);
        Assert.Empty(await ipam.GetAssignmentsAsync(IpamHandleIds.VxlanTunnel("node-1"), Ct));
        Assert.Empty(await ipam.GetAssignmentsAsync("pod-a", Ct));
        Assert.Equal([survivor.IPv4[0].Address], await ipam.GetAssignmentsAsync("pod-b", Ct));
        var utilization = await ipam.GetUtilizationAsync(Ct);
        Assert.False(utilization.NodeAffinities.ContainsKey("node-1"));
        Assert.Equal(1, utilization.Pools[0].InUse);
        Assert.Single(utilization.Pools[0].Blocks);
        await IpamFixture.AssertCleanAsync(ipam);
    }
}
