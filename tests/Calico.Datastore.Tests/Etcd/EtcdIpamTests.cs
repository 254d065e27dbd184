using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Ipam.Tests;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>The IPAM engine on a real etcd: parallel nodes exhaust a pool exactly; long node names work.</summary>
public sealed class EtcdIpamTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>4 nodes (each its own client and IPAM instance) × 2,000 requests on one /22 in /26 blocks.</summary>
    [Fact]
    public async Task Four_nodes_exhaust_a_pool_exactly_on_etcd()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => new EtcdDatastore(server.ClientOptions())).ToList();
        try
        {
            await clients[0].CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = { Name = "p" }, Spec = new IPPoolSpec { Cidr = "10.0.0.0/22", BlockSize = 26 } }, Ct);
            var outcome = await ParallelStress.RunAsync(n => clients[n], 4, 2_000, Ct);
            ParallelStress.AssertExact(outcome, 1024, 8_000);
            var ipam = new CalicoIpam(clients[0]);
            var report = await ipam.CheckAsync(Ct);
            Assert.True(report.IsClean, string.Join("\n", report.Problems.Take(20).Select(p => $"{p.Kind} {p.Subject}: {p.Detail}")));
            Assert.Equal(1024, report.AllocatedAddresses);
            var ownership = await ParallelStress.OwnershipAsync(clients[0], Ct);
            Assert.Equal(16, ownership.Blocks);
            Assert.Equal(16, ownership.ConfirmedAffinities);
            Assert.Equal(16, ownership.DistinctAffinityBlocks);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"etcd: {outcome.Elapsed.TotalSeconds:F1} s, {outcome.Successes} allocated, {outcome.Exhausted} exhausted, {ownership.Borrowed} borrowed");
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A 253-character node name makes Calico hash the affinity name (the node is truncated); on etcd the key still
    /// holds the whole node name, and the hashed name finds it.
    /// </summary>
    [Fact]
    public async Task Affinities_of_nodes_with_very_long_names_use_Calicos_hashed_names()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        await using var store = new EtcdDatastore(server.ClientOptions());
        await store.CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = { Name = "p" }, Spec = new IPPoolSpec { Cidr = "10.0.0.0/24", BlockSize = 26 } }, Ct);
        var node = string.Join('.', Enumerable.Repeat(new string('n', 62), 4)) + ".x"; // 253 characters
        var twin = node[..^1] + "y"; // same truncated prefix, different hash
        var ipam = new CalicoIpam(store);
        var mine = await ipam.AutoAssignAsync(new AutoAssignRequest("h1", node, 1, 0), Ct);
        await ipam.AutoAssignAsync(new AutoAssignRequest("h2", twin, 1, 0), Ct);

        var affinities = (await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items.Cast<BlockAffinity>().ToList();
        Assert.Equal(2, affinities.Count);
        var name = affinities.Single(a => a.Spec.Node == node).Metadata.Name!;
        Assert.Equal(253, name.Length);
        Assert.EndsWith("-" + mine.IPv4[0].BlockCidr.Replace('.', '-').Replace('/', '-'), name, StringComparison.Ordinal);
        Assert.Matches("-[0-9a-f]{11}-10-0-0-", name);

        var keys = await server.EtcdctlAsync("get", "--prefix", "/calico/ipam/v2/host/", "--keys-only");
        Assert.Contains($"/calico/ipam/v2/host/{node}/ipv4/block/{mine.IPv4[0].BlockCidr.Replace('/', '-')}", keys.StdOut, StringComparison.Ordinal);

        var got = (BlockAffinity?)await store.GetAsync(ResourceKinds.BlockAffinity, null, name, Ct);
        Assert.Equal(node, got?.Spec.Node);
        Assert.Equal("confirmed", got!.Spec.State);
        var blockName = mine.IPv4[0].BlockCidr.Replace('.', '-').Replace('/', '-');
        Assert.Null(await store.GetAsync(ResourceKinds.BlockAffinity, null, name[..^(blockName.Length + 12)] + "00000000000-" + blockName, Ct));

        await ipam.ReleaseByHandleAsync("h1", Ct);
        await ipam.ReleaseNodeAsync(node, Ct);
        Assert.Null(await store.GetAsync(ResourceKinds.BlockAffinity, null, name, Ct));
        var left = (await store.ListAsync(ResourceKinds.BlockAffinity, null, Ct)).Items.Cast<BlockAffinity>().ToList();
        Assert.Equal([twin], left.Select(a => a.Spec.Node));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.DeleteAsync(ResourceKinds.BlockAffinity, null, name, null, Ct));
        Assert.True((await ipam.CheckAsync(Ct)).IsClean);
    }
}
