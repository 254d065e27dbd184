using System.Text;
using System.Text.Json;
using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>
/// Key and value compatibility with Calico's etcdv3 datastore, checked with etcdctl: v3 resources under
/// <c>/calico/resources/v3/projectcalico.org/</c>, IPAM objects under <c>/calico/ipam/v2/</c> with Calico's field
/// names, and values written the way Calico writes them are read back.
/// </summary>
public sealed class EtcdKeyLayoutTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    [Fact]
    public async Task Etcdctl_shows_resources_and_IPAM_objects_where_Calico_keeps_them()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var store = new EtcdDatastore(server.ClientOptions());
        await store.CreateAsync(new Tier { Metadata = { Name = "security" }, Spec = { Order = 10, DefaultAction = "Pass" } }, ct);
        await store.CreateAsync(new NetworkSet { Metadata = { Namespace = "prod", Name = "dns" }, Spec = { Nets = ["10.96.0.10/32"] } }, ct);
        await store.CreateAsync(new IPPool { Metadata = { Name = "default-ipv4-ippool" }, Spec = { Cidr = "192.168.0.0/16" } }, ct);
        await store.CreateAsync(
            new IPAMBlock
            {
                Metadata = { Name = "192-168-0-0-26" },
                Spec =
                {
                    Cidr = "192.168.0.0/26", Affinity = "host:node-1", Allocations = [0, null], Unallocated = [1],
                    Attributes = [new AllocationAttribute { HandleId = "k8s-pod-network.abc", Secondary = new Dictionary<string, string> { ["node"] = "node-1" } }],
                    SequenceNumber = 7, SequenceNumberForAllocation = new Dictionary<string, ulong> { ["0"] = 6 },
                },
            },
            ct);
        await store.CreateAsync(new IPAMBlock { Metadata = { Name = "fd00-1---122" }, Spec = { Cidr = "fd00:1::/122" } }, ct);
        await store.CreateAsync(new BlockAffinity { Metadata = { Name = "node-1-192-168-0-0-26" }, Spec = { State = "confirmed", Node = "node-1", Cidr = "192.168.0.0/26" } }, ct);
        await store.CreateAsync(new IPAMHandle { Metadata = { Name = "k8s-pod-network.abc" }, Spec = { Block = new Dictionary<string, int> { ["192.168.0.0/26"] = 1 } } }, ct);
        await store.CreateAsync(new IPAMConfiguration { Metadata = { Name = "default" }, Spec = { StrictAffinity = true, MaxBlocksPerHost = 4 } }, ct);

        var v3 = await server.EtcdctlAsync("get", "--prefix", "/calico/resources/v3/projectcalico.org/", "--keys-only");
        Assert.Equal(0, v3.ExitCode);
        Assert.Equal(
            [
                "/calico/resources/v3/projectcalico.org/ippools/default-ipv4-ippool",
                "/calico/resources/v3/projectcalico.org/networksets/prod/dns",
                "/calico/resources/v3/projectcalico.org/tiers/security",
            ],
            Lines(v3.StdOut));

        var ipam = await GetAllAsync(server, "/calico/ipam/v2/");
        Assert.Equal(
            [
                "/calico/ipam/v2/assignment/ipv4/block/192.168.0.0-26",
                "/calico/ipam/v2/assignment/ipv6/block/fd00:1::-122",
                "/calico/ipam/v2/config",
                "/calico/ipam/v2/handle/k8s-pod-network.abc",
                "/calico/ipam/v2/host/node-1/ipv4/block/192.168.0.0-26",
            ],
            ipam.Keys.Order(StringComparer.Ordinal));
        var block = ipam["/calico/ipam/v2/assignment/ipv4/block/192.168.0.0-26"].RootElement;
        Assert.Equal("192.168.0.0/26", block.GetProperty("cidr").GetString());
        Assert.Equal("host:node-1", block.GetProperty("affinity").GetString());
        Assert.Equal("[0,null]", block.GetProperty("allocations").GetRawText());
        Assert.Equal("[1]", block.GetProperty("unallocated").GetRawText());
        Assert.Equal("k8s-pod-network.abc", block.GetProperty("attributes")[0].GetProperty("handle_id").GetString());
        Assert.Equal("node-1", block.GetProperty("attributes")[0].GetProperty("secondary").GetProperty("node").GetString());
        Assert.Equal(7UL, block.GetProperty("sequenceNumber").GetUInt64());
        Assert.Equal(6UL, block.GetProperty("sequenceNumberForAllocation").GetProperty("0").GetUInt64());
        Assert.False(block.GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ipam["/calico/ipam/v2/assignment/ipv6/block/fd00:1::-122"].RootElement.GetProperty("affinity").ValueKind);
        var affinity = ipam["/calico/ipam/v2/host/node-1/ipv4/block/192.168.0.0-26"].RootElement;
        Assert.Equal(("confirmed", false), (affinity.GetProperty("state").GetString(), affinity.GetProperty("deleted").GetBoolean()));
        Assert.Equal(1, ipam["/calico/ipam/v2/handle/k8s-pod-network.abc"].RootElement.GetProperty("block").GetProperty("192.168.0.0/26").GetInt32());
        var config = ipam["/calico/ipam/v2/config"].RootElement;
        Assert.True(config.GetProperty("strict_affinity").GetBoolean());
        Assert.True(config.GetProperty("auto_allocate_blocks").GetBoolean());
        Assert.Equal(4, config.GetProperty("maxBlocksPerHost").GetInt32());

        // v3 values are the resource JSON without a resourceVersion (the key's mod_revision is the revision).
        var tier = (await GetAllAsync(server, "/calico/resources/v3/projectcalico.org/tiers/security")).Single().Value.RootElement;
        Assert.Equal(("projectcalico.org/v3", "Tier"), (tier.GetProperty("apiVersion").GetString(), tier.GetProperty("kind").GetString()));
        Assert.False(tier.GetProperty("metadata").TryGetProperty("resourceVersion", out _));
        Assert.Equal(10, tier.GetProperty("spec").GetProperty("order").GetDouble());

        // And the store reads its IPAM objects back by name.
        var readBlock = await store.GetAsync<IPAMBlock>(null, "192-168-0-0-26", ct);
        Assert.Equal(("host:node-1", 7UL, "k8s-pod-network.abc"), (readBlock!.Spec.Affinity, readBlock.Spec.SequenceNumber!.Value, readBlock.Spec.Attributes![0].HandleId));
        Assert.NotNull(readBlock.Metadata.Uid);
        var readAffinity = await store.GetAsync<BlockAffinity>(null, "node-1-192-168-0-0-26", ct);
        Assert.Equal(("confirmed", "node-1", "192.168.0.0/26", "host"), (readAffinity!.Spec.State, readAffinity.Spec.Node, readAffinity.Spec.Cidr, readAffinity.Spec.Type));
        Assert.Equal(["192-168-0-0-26", "fd00-1---122"], (await store.ListAsync<IPAMBlock>(null, ct)).Items.Select(b => b.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Values_written_the_way_Calico_writes_them_are_read()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        var ct = TestContext.Current.CancellationToken;
        var options = server.ClientOptions();
        await using var store = new EtcdDatastore(options);
        async Task Put(string key, string json) => await EtcdRaw.PutAsync(options, key, Encoding.UTF8.GetBytes(json), ct);

        // Shapes as libcalico-go's etcdv3 backend stores them (v2 IPAM model values, v3 resources without revision).
        await Put("/calico/ipam/v2/assignment/ipv4/block/10.65.0.0-26", """{"cidr":"10.65.0.0/26","affinity":"host:worker-a","allocations":[0,1,null],"unallocated":[2,3],"attributes":[{"handle_id":"ipip-tunnel-addr-worker-a","secondary":{"node":"worker-a","type":"ipipTunnelAddress"}},{"handle_id":"k8s-pod-network.c1","secondary":{"namespace":"default","node":"worker-a","pod":"web-1"}}],"sequenceNumber":1700000000000000000,"sequenceNumberForAllocation":{"0":1700000000000000000,"1":1700000000000000001},"deleted":false}""");
        await Put("/calico/ipam/v2/host/worker-a/ipv4/block/10.65.0.0-26", """{"state":"confirmed","deleted":false}""");
        await Put("/calico/ipam/v2/host/worker-a", "{}");
        await Put("/calico/ipam/v2/handle/k8s-pod-network.c1", """{"block":{"10.65.0.0/26":1},"deleted":false}""");
        await Put("/calico/ipam/v2/config", """{"strict_affinity":true,"maxBlocksPerHost":2}""");
        await Put("/calico/resources/v3/projectcalico.org/tiers/platform", """{"kind":"Tier","apiVersion":"projectcalico.org/v3","metadata":{"name":"platform","uid":"0d7a0c52-8b5e-4a0c-9b6e-3f1f8c1f7a10","creationTimestamp":"2024-05-01T10:00:00Z"},"spec":{"order":100,"defaultAction":"Deny"}}""");

        var block = (await store.GetAsync<IPAMBlock>(null, "10-65-0-0-26", ct))!;
        Assert.Equal("10.65.0.0/26", block.Spec.Cidr);
        Assert.Equal([0, 1, null], block.Spec.Allocations!);
        Assert.Equal("pod", block.Spec.Attributes![1].Secondary!.Keys.Order(StringComparer.Ordinal).Last());
        Assert.Equal(1700000000000000001UL, block.Spec.SequenceNumberForAllocation!["1"]);
        var affinities = await store.ListAsync<BlockAffinity>(null, ct);
        var affinity = Assert.Single(affinities.Items);
        Assert.Equal(("worker-a-10-65-0-0-26", "confirmed", "worker-a"), (affinity.Metadata.Name, affinity.Spec.State, affinity.Spec.Node));
        Assert.Empty(affinities.DecodeFailures);
        Assert.Equal(1, (await store.GetAsync<IPAMHandle>(null, "k8s-pod-network.c1", ct))!.Spec.Block!["10.65.0.0/26"]);
        var config = (await store.GetAsync<IPAMConfiguration>(null, "default", ct))!.Spec;
        Assert.Equal((true, false, 2), (config.StrictAffinity!.Value, config.AutoAllocateBlocks!.Value, config.MaxBlocksPerHost!.Value));
        var tier = (await store.GetAsync<Tier>(null, "platform", ct))!;
        Assert.Equal(("0d7a0c52-8b5e-4a0c-9b6e-3f1f8c1f7a10", 100d), (tier.Metadata.Uid, tier.Spec.Order!.Value));

        // Compare-and-swap works on Calico-written values too, and the result is still in Calico's shape.
        block.Spec.Unallocated = [3];
        block.Spec.Allocations = [0, 1, 1];
        var updated = await store.UpdateAsync(block, ct);
        Assert.NotEqual(block.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
        var raw = (await GetAllAsync(server, "/calico/ipam/v2/assignment/ipv4/block/10.65.0.0-26")).Single().Value.RootElement;
        Assert.Equal("[0,1,1]", raw.GetProperty("allocations").GetRawText());
        Assert.Equal("ipip-tunnel-addr-worker-a", raw.GetProperty("attributes")[0].GetProperty("handle_id").GetString());
        await Assert.ThrowsAsync<ResourceConflictException>(() => store.UpdateAsync(block, ct));
    }

    [Fact]
    public async Task IPAM_names_that_do_not_match_the_key_layout_are_rejected()
    {
        var server = fixture.RequireServer();
        var ct = TestContext.Current.CancellationToken;
        await using var store = new EtcdDatastore(server.ClientOptions());
        var notCidr = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(new IPAMBlock { Metadata = { Name = "block-a" } }, ct));
        Assert.Equal(DataErrorReason.InvalidKey, notCidr.Reason);
        Assert.Contains("10-0-0-0-26", notCidr.Message, StringComparison.Ordinal);
        var mismatch = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(new IPAMBlock { Metadata = { Name = "10-0-0-0-26" }, Spec = { Cidr = "10.0.0.64/26" } }, ct));
        Assert.Contains("10.0.0.64/26", mismatch.Message, StringComparison.Ordinal);
        var affinity = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(new BlockAffinity { Metadata = { Name = "n1-10-0-0-0-26" }, Spec = { Node = "n2", Cidr = "10.0.0.0/26" } }, ct));
        Assert.Contains("n2-10-0-0-0-26", affinity.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(new IPAMConfiguration { Metadata = { Name = "other" } }, ct));
        await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(new IPAMHandle { Metadata = { Name = "h1" }, Spec = { HandleId = "h2" } }, ct));
        Assert.Null(await store.GetAsync<IPAMBlock>(null, "10-0-0-0-26", ct));
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<Dictionary<string, JsonDocument>> GetAllAsync(EtcdTestServer server, string prefix)
    {
        var r = await server.EtcdctlAsync("get", "--prefix", prefix);
        Assert.Equal(0, r.ExitCode);
        var lines = Lines(r.StdOut);
        var result = new Dictionary<string, JsonDocument>();
        for (var i = 0; i + 1 < lines.Count; i += 2)
        {
            result[lines[i]] = JsonDocument.Parse(lines[i + 1]);
        }

        return result;
    }
}
