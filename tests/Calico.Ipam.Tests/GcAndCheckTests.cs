using System.Net;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Ipam.Tests;

public sealed class GcAndCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IpamGcRequest Exists(Func<string, bool> exists, TimeSpan grace) =>
        new((handle, _, _) => ValueTask.FromResult(exists(handle)), grace);

    [Fact]
    public async Task Leaked_addresses_are_freed_only_after_the_grace_period()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store, timeProvider: time);
        await ipam.AutoAssignAsync(IpamFixture.V4("live", "node-1"), Ct);
        var leaked = await ipam.AutoAssignAsync(IpamFixture.V4("gone", "node-1", 2), Ct);
        var request = Exists(h => h == "live", TimeSpan.FromMinutes(15));

        var first = await ipam.GarbageCollectAsync(request, Ct);
        Assert.Equal((0, 2), (first.ReleasedAddresses.Count, first.Candidates));
        time.Advance(TimeSpan.FromMinutes(14));
        Assert.Empty((await ipam.GarbageCollectAsync(request, Ct)).ReleasedAddresses);
        time.Advance(TimeSpan.FromMinutes(1));
        var freed = await ipam.GarbageCollectAsync(request, Ct);
        Assert.Equal(leaked.IPv4.Select(a => a.Address.ToString()).Order(), freed.ReleasedAddresses.Select(a => a.ToString()).Order());
        Assert.Single(await ipam.GetAssignmentsAsync("live", Ct));
        Assert.Empty(await ipam.GetAssignmentsAsync("gone", Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Gc_never_frees_an_address_that_was_reused_since_its_scan()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/30", blockSize: 30);
        var ipam = new CalicoIpam(store);
        var old = (await ipam.AutoAssignAsync(IpamFixture.V4("pod", "node-1"), Ct)).IPv4[0];
        IpAssignment? reused = null;
        var request = new IpamGcRequest(
            async (handle, _, ct) =>
            {
                // Between GC's scan and its release, the pod is deleted and the address is given to a new pod
                // that reuses the same handle id.
                await ipam.ReleaseByHandleAsync(handle, ct);
                reused = await ipam.AssignAsync(new AssignIpRequest(old.Address, handle, "node-1"), ct);
                return false;
            },
            TimeSpan.Zero);

        var result = await ipam.GarbageCollectAsync(request, Ct);
        Assert.Empty(result.ReleasedAddresses);
        Assert.NotNull(reused);
        Assert.NotEqual(old.SequenceNumber, reused.SequenceNumber);
        Assert.Equal([old.Address], await ipam.GetAssignmentsAsync("pod", Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Gc_repairs_miscounted_handles_and_interrupted_claims()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        var got = await ipam.AutoAssignAsync(IpamFixture.V4("h", "node-1", 2), Ct);

        // A crash between handle and block write leaves an over-count; a crash after the pending affinity leaves it.
        var handle = (IPAMHandle)(await store.GetAsync(ResourceKinds.IPAMHandle, null, "h", Ct))!;
        handle.Spec.Block![got.IPv4[0].BlockCidr] = 3;
        await store.UpdateAsync(ResourceKinds.IPAMHandle, handle, Ct);
        await store.CreateAsync(ResourceKinds.IPAMHandle, new IPAMHandle { Metadata = new ObjectMeta { Name = "ghost" }, Spec = new IPAMHandleSpec { HandleId = "ghost", Block = new Dictionary<string, int>() } }, Ct);
        var free = new[] { "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26" }.First(c => c != got.IPv4[0].BlockCidr);
        await store.CreateAsync(ResourceKinds.BlockAffinity, new BlockAffinity { Metadata = new ObjectMeta { Name = IpamNames.Affinity("node-2", IpCidr.Parse(free)) }, Spec = new BlockAffinitySpec { State = "pending", Node = "node-2", Cidr = free } }, Ct);

        var report = await ipam.CheckAsync(Ct);
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.HandleMismatch && p.Subject == "h");
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.LeakedHandle && p.Subject == "ghost");
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.OrphanedAffinity && p.Detail.Contains("does not exist", StringComparison.Ordinal));

        await ipam.GarbageCollectAsync(Exists(_ => true, TimeSpan.Zero), Ct);
        await IpamFixture.AssertCleanAsync(ipam);
        Assert.Equal(2, (await ipam.GetAssignmentsAsync("h", Ct)).Count);
    }

    [Fact]
    public async Task Empty_blocks_are_released_after_two_observations_but_never_a_nodes_last_block()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        await ipam.AutoAssignAsync(IpamFixture.V4("h", "node-1", 65), Ct);
        await ipam.ReleaseByHandleAsync("h", Ct);
        var request = Exists(_ => true, TimeSpan.Zero);
        Assert.Empty((await ipam.GarbageCollectAsync(request, Ct)).ReleasedBlocks);
        Assert.Single((await ipam.GarbageCollectAsync(request, Ct)).ReleasedBlocks);
        Assert.Empty((await ipam.GarbageCollectAsync(request, Ct)).ReleasedBlocks);
        Assert.Single((await ipam.GetUtilizationAsync(Ct)).NodeAffinities["node-1"]);
        await IpamFixture.AssertCleanAsync(ipam);
    }

    [Fact]
    public async Task Check_reports_duplicates_blocks_outside_pools_and_corruption()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24");
        var ipam = new CalicoIpam(store);
        await ipam.AssignAsync(new AssignIpRequest(IPAddress.Parse("10.0.0.5"), "a", "node-1"), Ct);

        // An overlapping /28 block (written by hand) holding the same address, outside the pool's block layout.
        var rogue = AllocationBlock.NewSpec(IpCidr.Parse("10.0.0.0/28"), null, DateTimeOffset.UnixEpoch);
        var block = new AllocationBlock(rogue);
        block.BeginWrite();
        block.AssignOrdinal(5, "b", new Dictionary<string, string>());
        rogue.Unallocated!.Remove(9);
        await store.CreateAsync(ResourceKinds.IPAMBlock, new IPAMBlock { Metadata = new ObjectMeta { Name = "10-0-0-0-28" }, Spec = rogue }, Ct);

        var report = await ipam.CheckAsync(Ct);
        Assert.False(report.IsClean);
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.DuplicateAddress && p.Subject == "10.0.0.5");
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.BlockOutsidePools && p.Subject == "10.0.0.0/28");
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.BlockCorrupt && p.Detail.Contains("ordinal 9", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Kind == IpamProblemKind.HandleMismatch && p.Subject == "b");
        Assert.Equal(2, report.AllocatedAddresses);
        Assert.Equal(2, report.Blocks);
    }
}
