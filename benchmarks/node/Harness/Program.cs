using System.Globalization;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

// Writes what a cluster of other nodes would put in the datastore: N WorkloadEndpoints spread over nodes of 100
// endpoints each, every node with its Node resource and the affine /26 IPAM blocks holding its endpoints' addresses.
//   Calico.Benchmarks.Node SQLITE_PATH ENDPOINTS
// Addresses come from 10.248.0.0/14 (no pool holds them on the agent's node, so nothing is local).
if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var count) || count < 0 || count > 200_000)
{
    Console.Error.WriteLine("usage: Calico.Benchmarks.Node SQLITE_PATH ENDPOINTS(0..200000)");
    return 2;
}

const int PerNode = 100;
const int BlockSize = 64;
await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = args[0], Synchronous = SqliteSynchronousMode.Normal });
var watch = System.Diagnostics.Stopwatch.StartNew();
var nodes = (count + PerNode - 1) / PerNode;
for (var n = 0; n < nodes; n++)
{
    var nodeName = $"remote-{n:D4}";
    var node = new Node { Metadata = { Name = nodeName } };
    node.Spec.Bgp = new NodeBgpSpec { IPv4Address = $"10.240.{n / 250}.{(n % 250) + 1}/16" };
    await store.CreateAsync(ResourceKinds.Node, node);
    var first = n * PerNode;
    var here = Math.Min(PerNode, count - first);
    // One address per endpoint; node n's endpoints live in blocks of 64 starting at block 2n (two blocks per node).
    for (var b = 0; b * BlockSize < here; b++)
    {
        var blockIndex = (2 * n) + b;
        var cidr = Block(blockIndex);
        var used = Math.Min(BlockSize, here - (b * BlockSize));
        var allocations = new List<int?>(BlockSize);
        var attributes = new List<AllocationAttribute>(used);
        for (var i = 0; i < BlockSize; i++)
        {
            allocations.Add(i < used ? i : null);
            if (i < used)
            {
                attributes.Add(new AllocationAttribute { HandleId = $"k8s-pod-network.cid-{first + (b * BlockSize) + i}", Secondary = new Dictionary<string, string> { ["node"] = nodeName } });
            }
        }

        var block = new IPAMBlock { Metadata = { Name = cidr.Replace('/', '-').Replace('.', '-') } };
        block.Spec.Cidr = cidr;
        block.Spec.Affinity = "host:" + nodeName;
        block.Spec.Allocations = allocations;
        block.Spec.Unallocated = [.. Enumerable.Range(used, BlockSize - used)];
        block.Spec.Attributes = attributes;
        await store.CreateAsync(ResourceKinds.IPAMBlock, block);
    }

    for (var i = 0; i < here; i++)
    {
        var e = first + i;
        var pod = $"pod-{e:D6}";
        var wep = new WorkloadEndpoint();
        wep.Metadata.Namespace = "bench";
        wep.Metadata.Name = $"{nodeName}-k8s-{pod}-eth0";
        wep.Metadata.Labels = new Dictionary<string, string>
        {
            ["app"] = "app-" + (e % 50).ToString(CultureInfo.InvariantCulture),
            ["projectcalico.org/namespace"] = "bench",
            ["projectcalico.org/orchestrator"] = "k8s",
            ["projectcalico.org/serviceaccount"] = "default",
        };
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = nodeName;
        wep.Spec.Pod = pod;
        wep.Spec.Endpoint = "eth0";
        wep.Spec.ContainerId = "cid-" + e.ToString(CultureInfo.InvariantCulture);
        wep.Spec.InterfaceName = "cali" + e.ToString("x11", CultureInfo.InvariantCulture);
        wep.Spec.Mac = "ee:ee:ee:ee:ee:ee";
        wep.Spec.ServiceAccountName = "default";
        wep.Spec.IpNetworks = [Address(2 * n, i) + "/32"];
        wep.Spec.Profiles = ["kns.bench", "ksa.bench.default"];
        wep.Spec.Ports = [new WorkloadEndpointPort { Name = "http", Protocol = ProtocolValue.Parse("TCP"), Port = 8080 }];
        await store.CreateAsync(ResourceKinds.WorkloadEndpoint, wep);
    }
}

Console.WriteLine($"wrote {count} remote endpoints on {nodes} nodes in {watch.Elapsed.TotalSeconds:F1} s");
return 0;

static string Block(int index) => $"10.{248 + (index >> 10)}.{(index >> 2) & 255}.{(index & 3) * 64}/26";

static string Address(int firstBlock, int i)
{
    var index = firstBlock + (i / BlockSize);
    return $"10.{248 + (index >> 10)}.{(index >> 2) & 255}.{((index & 3) * 64) + (i % BlockSize)}";
}
