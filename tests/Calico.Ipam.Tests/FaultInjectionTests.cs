using System.Net;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>
/// A fault at the k-th datastore write, for every k of an operation: a crash before or after the write (then a new
/// process runs GC), or a write whose outcome is unknown (committed or not), which the same call must reconcile.
/// </summary>
public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<Fault> Faults => [Fault.CrashBefore, Fault.CrashAfter, Fault.UnknownCommitted, Fault.UnknownLost];

    private static async Task<InMemoryDatastore> NewStoreAsync()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "v4", "10.0.0.0/25", blockSize: 27);
        await IpamFixture.AddPoolAsync(store, "v6", "fd00::/123", blockSize: 125);
        return store;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Dual_stack_allocation_with_a_block_claim_survives_a_fault_at_every_write(Fault fault) =>
        await RunAsync(fault, setup: null, op: ipam => ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 2, 1), Ct), minWrites: 10);

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Allocation_into_an_owned_block_survives_a_fault_at_every_write(Fault fault) =>
        await RunAsync(
            fault,
            setup: ipam => ipam.AutoAssignAsync(new AutoAssignRequest("bystander", "node-1", 1, 1), Ct),
            op: ipam => ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 1, 0), Ct),
            minWrites: 2);

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Borrowing_survives_a_fault_at_every_write(Fault fault) =>
        await RunAsync(
            fault,
            setup: async ipam =>
            {
                // node-0 owns every v4 block; node-1 must borrow.
                await ipam.AutoAssignAsync(new AutoAssignRequest("bystander", "node-0", 97, 0), Ct);
                await ipam.ReleaseAsync([.. (await ipam.GetAssignmentsAsync("bystander", Ct)).Take(3).Select(a => new ReleaseIpRequest(a))], Ct);
            },
            op: ipam => ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 2, 0), Ct),
            minWrites: 2);

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Release_by_handle_survives_a_fault_at_every_write(Fault fault) =>
        await RunAsync(
            fault,
            setup: async ipam =>
            {
                await ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 40, 1), Ct);
                await ipam.AutoAssignAsync(new AutoAssignRequest("bystander", "node-1", 1, 1), Ct);
            },
            op: ipam => ipam.ReleaseByHandleAsync("victim", Ct),
            minWrites: 4);

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Release_by_address_and_node_removal_survive_a_fault_at_every_write(Fault fault)
    {
        await RunAsync(
            fault,
            setup: ipam => ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 3, 0), Ct),
            op: async ipam =>
            {
                var addresses = await ipam.GetAssignmentsAsync("victim", Ct);
                return await ipam.ReleaseAsync([.. addresses.Select(a => new ReleaseIpRequest(a))], Ct);
            },
            minWrites: 2);
        await RunAsync(
            fault,
            setup: async ipam =>
            {
                await ipam.AssignAsync(new AssignIpRequest(IPAddress.Parse("10.0.0.1"), IpamHandleIds.VxlanTunnel("node-1"), "node-1") { Use = IpamUse.Tunnel }, Ct);
                await ipam.AutoAssignAsync(new AutoAssignRequest("victim", "node-1", 40, 1), Ct);
                await ipam.AutoAssignAsync(new AutoAssignRequest("bystander", "node-2", 1, 1), Ct);
            },
            op: async ipam => { await ipam.ReleaseNodeAsync("node-1", Ct); return 0; },
            minWrites: 6,
            victimNode: "node-1");
    }

    private static async Task RunAsync<T>(Fault fault, Func<IIpam, Task>? setup, Func<IIpam, Task<T>> op, int minWrites, string? victimNode = null)
    {
        var k = 1;
        for (; k < 200; k++)
        {
            var store = await NewStoreAsync();
            if (setup is not null)
            {
                await setup(new CalicoIpam(store));
            }

            var faulty = new FaultyDatastore(store, fault, k);
            Exception? failure = null;
            try
            {
                await op(new CalicoIpam(faulty));
            }
            catch (Exception ex) when (ex is DatastoreException or IpamExhaustedException)
            {
                failure = ex;
            }

            var context = $"fault {fault} at write {k}";
            if (!faulty.Triggered)
            {
                Assert.True(failure is null, $"{context}: the operation failed without a fault: {failure}");
                break;
            }

            var recovered = new CalicoIpam(store);
            if (fault is Fault.UnknownCommitted or Fault.UnknownLost)
            {
                // Reconciled in the call itself: success, and consistent without any GC.
                Assert.True(failure is null, $"{context}: {failure}");
                var report = await recovered.CheckAsync(Ct);
                Assert.True(report.IsClean, context + ": " + string.Join("; ", report.Problems.Select(p => p.Detail)));
            }
            else
            {
                Assert.True(failure is DatastoreUnavailableException, $"{context}: expected the injected crash, got {failure?.ToString() ?? "success"}");

                // A new process: the victim's workload is gone (the runtime's DEL or GC follows a failed ADD).
                var gc = new IpamGcRequest((handle, attrs, _) => ValueTask.FromResult(handle == "bystander" || (victimNode is null && handle.StartsWith("vxlan", StringComparison.Ordinal))), TimeSpan.Zero);
                await recovered.GarbageCollectAsync(gc, Ct);
                await recovered.GarbageCollectAsync(gc, Ct);
                var report = await recovered.CheckAsync(Ct);
                Assert.True(report.IsClean, context + ": " + string.Join("; ", report.Problems.Select(p => p.Detail)));
                Assert.Empty(await recovered.GetAssignmentsAsync("victim", Ct));
            }

            await AssertNoDuplicatesAfterFillingAsync(recovered, context);
        }

        Assert.True(k > minWrites, $"only {k - 1} writes were exercised, expected at least {minWrites}");
    }

    /// <summary>Takes exactly every remaining address, then one more fails: nothing held is handed out again.</summary>
    private static async Task AssertNoDuplicatesAfterFillingAsync(CalicoIpam ipam, string context)
    {
        var v4 = (await ipam.GetUtilizationAsync(Ct)).Pools.Single(p => p.PoolName == "v4");
        var remaining = (int)v4.Capacity - (int)v4.InUse;
        if (remaining > 0)
        {
            var filled = await ipam.AutoAssignAsync(new AutoAssignRequest("filler", "node-3", remaining, 0), Ct);
            Assert.Equal(remaining, filled.IPv4.Count);
        }

        await Assert.ThrowsAsync<IpamExhaustedException>(() => ipam.AutoAssignAsync(new AutoAssignRequest("one-more", "node-3", 1, 0), Ct));
        var report = await ipam.CheckAsync(Ct);
        Assert.True(report.IsClean, context + " after filling: " + string.Join("; ", report.Problems.Select(p => p.Detail)));
        Assert.Equal(128 + (int)(await ipam.GetUtilizationAsync(Ct)).Pools.Single(p => p.PoolName == "v6").InUse, report.AllocatedAddresses);
    }
}
