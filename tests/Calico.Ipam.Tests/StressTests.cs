using Calico.Datastore.Sqlite;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>4 nodes × 2,000 allocations in parallel from one small pool: exact counts, no duplicate, clean check.</summary>
public sealed class StressTests
{
    private const int Nodes = 4;
    private const int PerNode = 2_000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_memory_four_nodes_exhaust_a_pool_exactly()
    {
        var store = new InMemoryDatastore();
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/21");
        var outcome = await ParallelStress.RunAsync(_ => store, Nodes, PerNode, Ct);
        ParallelStress.AssertExact(outcome, 2048, Nodes * PerNode);
        await AssertOwnershipAsync(new CalicoIpam(store), store);
        TestContext.Current.TestOutputHelper?.WriteLine($"in-memory: {outcome.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Sqlite_four_clients_exhaust_a_pool_exactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ipam-stress-{Guid.NewGuid():N}.db");
        var clients = new List<SqliteDatastore>();
        try
        {
            for (var n = 0; n < Nodes; n++)
            {
                clients.Add(new SqliteDatastore(new SqliteDatastoreOptions { Path = path }));
            }

            await IpamFixture.AddPoolAsync(clients[0], "p", "10.0.0.0/21");
            var outcome = await ParallelStress.RunAsync(n => clients[n], Nodes, PerNode, Ct);
            ParallelStress.AssertExact(outcome, 2048, Nodes * PerNode);
            await AssertOwnershipAsync(new CalicoIpam(clients[0]), clients[0]);
            TestContext.Current.TestOutputHelper?.WriteLine($"sqlite: {outcome.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }

            foreach (var f in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
            {
                File.Delete(f);
            }
        }
    }

    private static async Task AssertOwnershipAsync(CalicoIpam ipam, Calico.Sdk.Datastore.IDatastore store)
    {
        await IpamFixture.AssertCleanAsync(ipam);
        var affinities = (await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items.Cast<BlockAffinity>().ToList();
        var blocks = (await store.ListAsync(ResourceKinds.IPAMBlock, null, Ct)).Items.Cast<IPAMBlock>().ToList();
        Assert.Equal(32, blocks.Count);
        Assert.All(affinities, a => Assert.Equal("confirmed", a.Spec.State));
        Assert.Equal(affinities.Count, affinities.Select(a => a.Spec.Cidr).Distinct().Count());
        Assert.Equal(blocks.Count(b => b.Spec.Affinity is not null), affinities.Count);
    }
}
