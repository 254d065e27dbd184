using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>
/// What one IPAM instance remembers (settings for <see cref="CalicoIpamOptions.SettingsCacheDuration"/>, the host's
/// blocks until they prove stale) saves reads but never decides an allocation: the block's compare-and-swap does.
/// </summary>
public sealed class CacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disabled_pool_is_used_at_most_for_the_cache_duration()
    {
        var store = new InMemoryDatastore();
        var time = new FakeTimeProvider();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store, new CalicoIpamOptions { SettingsCacheDuration = TimeSpan.FromSeconds(1) }, time);
        await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct);

        var pool = (IPPool)(await store.GetAsync(ResourceKinds.IPPool, null, "p", Ct))!;
        pool.Spec.Disabled = true;
        await store.UpdateAsync(ResourceKinds.IPPool, pool, Ct);
        await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-1"), Ct); // within the window: remembered settings

        time.Advance(TimeSpan.FromMilliseconds(1001));
        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-1"), Ct));
        Assert.Empty(await ipam.GetAssignmentsAsync("h3", Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task A_new_pool_is_used_at_once_although_settings_are_remembered()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "small", "10.0.0.0/30", blockSize: 30);
        var ipam = new CalicoIpam(store, new CalicoIpamOptions { SettingsCacheDuration = TimeSpan.FromHours(1) }, new FakeTimeProvider());
        await ipam.AutoAssignAsync(IpamFixture.V4("h1", "node-1", 4), Ct);
        await IpamFixture.AddPoolAsync(store, "more", "10.1.0.0/24");
        var more = await ipam.AutoAssignAsync(IpamFixture.V4("h2", "node-1"), Ct);
        Assert.StartsWith("10.1.0.", more.IPv4[0].Address.ToString(), StringComparison.Ordinal);

        // And a pool requested by name that did not exist when the settings were read.
        await IpamFixture.AddPoolAsync(store, "named", "10.2.0.0/24");
        var named = await ipam.AutoAssignAsync(IpamFixture.V4("h3", "node-1") with { IPv4Pools = ["named"] }, Ct);
        Assert.StartsWith("10.2.0.", named.IPv4[0].Address.ToString(), StringComparison.Ordinal);
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task A_block_taken_away_behind_the_instance_is_never_allocated_from_as_its_own()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/25", blockSize: 26);
        await IpamFixture.SetConfigAsync(store, strictAffinity: true);
        var remembering = new CalicoIpam(store);
        var first = await remembering.AutoAssignAsync(IpamFixture.V4("h1", "node-1"), Ct);
        var block = first.IPv4[0].BlockCidr;

        // Another instance (another process) frees the address and releases node-1's claim; node-2 then claims
        // every block and fills it.
        var other = new CalicoIpam(store);
        await other.ReleaseByHandleAsync("h1", Ct);
        await other.ReleaseNodeAsync("node-1", Ct);
        await other.AutoAssignAsync(IpamFixture.V4("x", "node-2", 128), Ct);
        var stolen = (IPAMBlock)(await store.GetAsync(ResourceKinds.IPAMBlock, null, IpamNames.Block(IpCidr.Parse(block)), Ct))!;
        Assert.Equal("host:node-2", stolen.Spec.Affinity);

        // The first instance still remembers the block (with room) as node-1's: the block itself says otherwise, so
        // with strict affinity the answer is a clean "exhausted", never an address of node-2's block.
        await Assert.ThrowsAsync<IpamExhaustedException>(() => remembering.AutoAssignAsync(IpamFixture.V4("h2", "node-1"), Ct));
        Assert.Empty(await remembering.GetAssignmentsAsync("h2", Ct));
        Assert.Equal(128, (await other.GetAssignmentsAsync("x", Ct)).Distinct().Count());
        await IpamFixture.AssertCleanAsync(remembering);
    }
}
