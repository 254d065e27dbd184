using Calico.Datastore.Sqlite;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>
/// Four node processes on one SQLite file ask for 8,000 addresses from a /22 in /26 blocks (1,024 addresses, at most
/// 4 blocks per node): exactly 1,024 successes, 6,976 clean "exhausted" errors, no duplicate, one confirmed affinity
/// per block, addresses borrowed from other nodes' blocks, and a clean check.
/// </summary>
public sealed class MultiProcessTests
{
    [Fact]
    public async Task Four_node_processes_exhaust_a_22_exactly_with_borrowing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Path.Combine(Path.GetTempPath(), "calico-ipam-mp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "calico.db");
        var workers = new List<WorkerProcess>();
        try
        {
            await using (var setup = new SqliteDatastore(new SqliteDatastoreOptions { Path = path }))
            {
                await IpamFixture.AddPoolAsync(setup, "p", "10.0.0.0/22", blockSize: 26);
                await IpamFixture.SetConfigAsync(setup, maxBlocksPerHost: 4);
            }

            for (var n = 0; n < 4; n++)
            {
                workers.Add(new WorkerProcess($"node-{n}", path, 2_000, progressAfter: 200));
            }

            foreach (var w in workers)
            {
                await w.ExpectAsync("ready", ct);
            }

            // node-0 starts first; once it has 200 addresses (4 blocks, its limit, nearly 3 full), the others start,
            // so node-0 must borrow from their blocks while they fill them.
            await workers[0].GoAsync(ct);
            await workers[0].ExpectAsync("progress", ct);
            foreach (var w in workers.Skip(1))
            {
                await w.GoAsync(ct);
            }

            var results = new List<(List<string> Addresses, int Exhausted)>();
            foreach (var w in workers)
            {
                results.Add(await w.ResultsAsync(ct));
            }

            var all = results.SelectMany(r => r.Addresses).ToList();
            Assert.Equal(1024, all.Count);
            Assert.Equal(1024, all.Distinct().Count());
            Assert.Equal(8_000 - 1024, results.Sum(r => r.Exhausted));

            await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = path });
            await IpamFixture.AssertCleanAsync(new CalicoIpam(store));
            var ownership = await ParallelStress.OwnershipAsync(store, ct);
            Assert.Equal(16, ownership.Blocks);
            Assert.Equal(16, ownership.ConfirmedAffinities);
            Assert.Equal(16, ownership.DistinctAffinityBlocks);
            Assert.Equal(16, ownership.AffineBlocks);
            Assert.True(ownership.Borrowed > 0, "no address was borrowed from another node's block");
            var handles = (await store.ListAsync(ResourceKinds.IPAMHandle, null, ct)).Items.Count;
            Assert.Equal(1024, handles);
            TestContext.Current.TestOutputHelper?.WriteLine($"per node: {string.Join(", ", results.Select(r => r.Addresses.Count))}; borrowed {ownership.Borrowed}");
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.DisposeAsync();
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
