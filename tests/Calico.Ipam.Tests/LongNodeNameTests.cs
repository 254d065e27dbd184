using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>
/// A node name of 253 characters (the longest DNS subdomain) makes Calico hash the affinity name; the whole life
/// cycle (claim, allocate, release, node removal) works with it on every backend (etcd: EtcdIpamTests).
/// </summary>
public sealed class LongNodeNameTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Node = string.Join('.', Enumerable.Repeat(new string('n', 62), 4)) + ".x";

    [Fact]
    public async Task In_memory() => await LifeCycleAsync(new InMemoryDatastore());

    [Fact]
    public async Task On_sqlite()
    {
        var dir = Directory.CreateTempSubdirectory("calico-ipam-long-");
        try
        {
            await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = Path.Combine(dir.FullName, "calico.db") });
            await LifeCycleAsync(store);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task LifeCycleAsync(IDatastore store)
    {
        Assert.Equal(253, Node.Length);
        await IpamFixture.AddPoolAsync(store, "p", "10.0.0.0/24", blockSize: 26);
        var ipam = new CalicoIpam(store);
        var result = await ipam.AutoAssignAsync(IpamFixture.V4("h1", Node, 2), Ct);
        var affinity = Assert.Single((await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items.Cast<BlockAffinity>());
        Assert.Equal(Node, affinity.Spec.Node);
        Assert.Equal(253, affinity.Metadata.Name!.Length);
        Assert.Matches("^[n.]+-[0-9a-f]{11}-10-0-0-[0-9]+-26$", affinity.Metadata.Name);
        Assert.Equal("confirmed", affinity.Spec.State);
        await IpamFixture.AssertCleanAsync(ipam);

        Assert.Single(await ipam.ReleaseAsync([new ReleaseIpRequest(result.IPv4[0].Address)], Ct));
        await ipam.ReleaseNodeAsync(Node, Ct);
        Assert.Empty((await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items);
        Assert.Empty(await ipam.GetAssignmentsAsync("h1", Ct));
        await IpamFixture.AssertCleanAsync(ipam);
    }
}
