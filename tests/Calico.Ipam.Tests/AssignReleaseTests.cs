using System.Net;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Ipam.Tests;

public sealed class AssignReleaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dual_stack_is_both_families_or_nothing()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "v4", "10.0.0.0/24");
        await IpamFixture.AddPoolAsync(store, "v6", "fd00::1/128", blockSize: 128);
        var ipam = new CalicoIpam(store);
        var first = await ipam.AutoAssignAsync(new AutoAssignRequest("both", "node-1", 1, 1), Ct);
        Assert.Equal(IPAddress.Parse("fd00::1"), first.IPv6.Single().Address);
        Assert.Equal(128, first.IPv6[0].PrefixLength);
        Assert.Equal(32, first.IPv4.Single().PrefixLength);

        // The single v6 address is taken: the v4 half must not survive.
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("second", "node-1", 1, 1), Ct));
        Assert.Empty(await ipam.GetAssignmentsAsync("second", Ct));
        Assert.Equal(2, (await ipam.CheckAsync(Ct)).AllocatedAddresses);
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task V6_pools_allocate_from_122_blocks()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "v6", "fd00:1::/120");
        var ipam = new CalicoIpam(store);
        var got = await ipam.AutoAssignAsync(new AutoAssignRequest("h", "node-1", 0, 100), Ct);
        Assert.Equal(100, got.IPv6.Select(a => a.Address).Distinct().Count());
        Assert.All(got.IPv6, a => Assert.EndsWith("/122", a.BlockCidr, StringComparison.Ordinal));
        Assert.Equal(2, got.IPv6.Select(a => a.BlockCidr).Distinct().Count());
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task A_specific_address_is_assigned_once()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var a = await ipam.AssignAsync(new AssignIpRequest(IPAddress.Parse("10.0.0.77"), "static", "node-1"), Ct);
        Assert.Equal(("10.0.0.64/26", 32), (a.BlockCidr, a.PrefixLength));
        var taken = await Assert.ThrowsAsync<IpAddressInUseException>(() => ipam.AssignAsync(new AssignIpRequest(IPAddress.Parse("10.0.0.77"), "other", "node-2"), Ct));
        Assert.Contains("to handle 'static'", taken.Message, StringComparison.Ordinal);
        var outside = await Assert.ThrowsAsync<ArgumentException>(() => ipam.AssignAsync(new AssignIpRequest(IPAddress.Parse("10.9.0.1"), "x", "node-1"), Ct));
        Assert.Contains("10.9.0.1 is not in any enabled IP pool", outside.Message, StringComparison.Ordinal);

        // The block was claimed for node-1 and auto-assign on node-1 continues in it, skipping .77.
        var more = await ipam.AutoAssignAsync(IpamFixture.V4("auto", "node-1", 64), Ct);
        Assert.Equal(63, more.IPv4.Count(x => x.BlockCidr == "10.0.0.64/26"));
        Assert.DoesNotContain(more.IPv4, x => x.Address.Equals(IPAddress.Parse("10.0.0.77")));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task A_stale_release_is_ignored_by_sequence_number()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/30", blockSize: 30);
        var ipam = new CalicoIpam(store);
        var old = (await ipam.AutoAssignAsync(IpamFixture.V4("old", "node-1"), Ct)).IPv4[0];
        Assert.Equal([old.Address], await ipam.ReleaseAsync([new ReleaseIpRequest(old.Address, old.SequenceNumber)], Ct));
        var all = await ipam.AutoAssignAsync(IpamFixture.V4("new", "node-1", 4), Ct);
        var reused = all.IPv4.Single(x => x.Address.Equals(old.Address));
        Assert.Equal(old.Address, all.IPv4[^1].Address);
        Assert.NotEqual(old.SequenceNumber, reused.SequenceNumber);

        Assert.Empty(await ipam.ReleaseAsync([new ReleaseIpRequest(old.Address, old.SequenceNumber)], Ct));
        Assert.Contains(old.Address, await ipam.GetAssignmentsAsync("new", Ct));
        Assert.Equal([old.Address], await ipam.ReleaseAsync([new ReleaseIpRequest(old.Address, reused.SequenceNumber)], Ct));
        Assert.Empty(await ipam.ReleaseAsync([new ReleaseIpRequest(old.Address)], Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Release_by_handle_is_idempotent_and_handles_carry_attributes()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var attrs = new Dictionary<string, string> { ["namespace"] = "shop", ["pod"] = "web-0" };
        var got = await ipam.AutoAssignAsync(IpamFixture.V4("k8s-pod-network.abc", "node-1", 2) with { Attributes = attrs }, Ct);
        var block = (IPAMBlock)(await store.GetAsync(ResourceKinds.IPAMBlock, null, "10-0-0-0-26", Ct))!;
        var attribute = block.Spec.Attributes!.Single();
        Assert.Equal("k8s-pod-network.abc", attribute.HandleId);
        Assert.Equal("web-0", attribute.Secondary!["pod"]);
        Assert.Equal("node-1", attribute.Secondary["node"]);
        var handle = (IPAMHandle)(await store.GetAsync(ResourceKinds.IPAMHandle, null, "k8s-pod-network.abc", Ct))!;
        Assert.Equal(2, handle.Spec.Block!["10.0.0.0/26"]);

        Assert.Equal(got.IPv4.Select(a => a.Address.ToString()).Order(), (await ipam.ReleaseByHandleAsync("k8s-pod-network.abc", Ct)).Select(a => a.ToString()).Order());
        Assert.Empty(await ipam.ReleaseByHandleAsync("k8s-pod-network.abc", Ct));
        Assert.Null(await store.GetAsync(ResourceKinds.IPAMHandle, null, "k8s-pod-network.abc", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => ipam.ReleaseByHandleAsync("bad/handle", Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Released_addresses_cool_down_before_reuse()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/31", blockSize: 31);
        await IpamFixture.SetConfigAsync(store, coolDownSeconds: 30);
        var ipam = new CalicoIpam(store, timeProvider: time);
        var a = await ipam.AutoAssignAsync(IpamFixture.V4("a", "node-1", 2), Ct);
        await ipam.ReleaseByHandleAsync("a", Ct);
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("b", "node-1"), Ct));
        var cooling = await Assert.ThrowsAsync<IpAddressInUseException>(() => ipam.AssignAsync(new AssignIpRequest(a.IPv4[0].Address, "c", "node-1"), Ct));
        Assert.Contains("cooling down", cooling.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await ipam.AutoAssignAsync(IpamFixture.V4("b", "node-1", 2), Ct)).IPv4.Count);
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Bad_requests_are_rejected_before_any_write()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var revision = store.CurrentRevision;
        await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("h", "node-1", 0, 0), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("h", "node-1", -1, 0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("", "node-1", 1, 0), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("h", "Node_1", 1, 0), Ct));
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("h", "node-1", 1, 1), Ct));
        Assert.Equal(revision, store.CurrentRevision);
    }

    [Fact]
    public async Task A_full_pool_serves_again_as_soon_as_another_client_frees_an_address()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/28", blockSize: 28);
        var one = new CalicoIpam(store);
        var other = new CalicoIpam(store);
        var all = await other.AutoAssignAsync(IpamFixture.V4("all", "node-2", 16), Ct);
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<IpamExhaustedException>(() => one.AutoAssignAsync(IpamFixture.V4($"x{i}", "node-1"), Ct));
        }

        await other.ReleaseAsync([new ReleaseIpRequest(all.IPv4[7].Address)], Ct);
        var got = await one.AutoAssignAsync(IpamFixture.V4("y", "node-1"), Ct);
        Assert.Equal(all.IPv4[7].Address, got.IPv4[0].Address);
        await Assert.ThrowsAsync<IpamExhaustedException>(() => one.AutoAssignAsync(IpamFixture.V4("z", "node-1"), Ct));
        await IpamFixture.AssertCleanAsync(one);
    }
}
