using System.Diagnostics;
using System.Globalization;
using Calico.Datastore.Etcd;
using Calico.Datastore.Etcd.Rpc;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Google.Protobuf;
using Grpc.Net.Client;

// Usage: IpamBench <etcd endpoint> <sqlite file> [callers=2] [seconds-per-round=1] [rounds=7] [settings-cache-ms|default]
// Rounds of short runs at the same concurrency: etcd's raw gRPC put loop (the baseline), IPAM allocations on etcd, and
// IPAM allocations on SQLite. Each caller is its own node with its own IPAM instance and datastore client (as CNI on
// two nodes), allocating one IPv4 address per request from a /16 pool in /26 blocks; every round uses new node names
// (a node may hold 20 blocks), so each round includes its share of block claims. Prints allocations/s, the raw
// put rate of the same round and the median of the per-round ratios.
var endpoint = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:2379");
var sqlitePath = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"ipam-bench-{Guid.NewGuid():N}.db");
var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1;
var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 7;
// Settings cache: "default" (CalicoIpamOptions' default, 1 s) or milliseconds (0 = read settings on every call).
var cacheArg = args.Length > 5 ? args[5] : "default";
var ipamOptions = cacheArg == "default"
    ? new CalicoIpamOptions()
    : new CalicoIpamOptions { SettingsCacheDuration = TimeSpan.FromMilliseconds(int.Parse(cacheArg, CultureInfo.InvariantCulture)) };
var cacheMs = ipamOptions.SettingsCacheDuration.TotalMilliseconds;

var etcdOptions = new EtcdDatastoreOptions();
etcdOptions.Endpoints.Add(endpoint);
var etcdClients = Enumerable.Range(0, callers).Select(_ => new EtcdDatastore(etcdOptions)).ToArray();
var sqliteClients = Enumerable.Range(0, callers).Select(_ => new SqliteDatastore(new SqliteDatastoreOptions { Path = sqlitePath })).ToArray();
var etcdIpam = etcdClients.Select(c => new CalicoIpam(c, ipamOptions)).ToArray();
var sqliteIpam = sqliteClients.Select(c => new CalicoIpam(c, ipamOptions)).ToArray();
foreach (var store in new IDatastore[] { etcdClients[0], sqliteClients[0] })
{
    await store.CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = { Name = "bench" }, Spec = new IPPoolSpec { Cidr = "10.0.0.0/16", BlockSize = 26 } });
}

// The raw loop writes values of the size of a half-full /26 block as the IPAM stores it.
var rawValue = ByteString.CopyFrom(new byte[1200]);
using var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true } });
var kv = new KV.KVClient(channel);
var run = Guid.NewGuid().ToString("N")[..6];

async Task<double> RunAsync(string label, Func<int, long, Task> op)
{
    long total = 0;
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(w => Task.Run(async () =>
    {
        long n = 0;
        while (stop.Elapsed.TotalSeconds < seconds)
        {
            await op(w, n++);
        }

        Interlocked.Add(ref total, n);
    })));
    var rate = total / stop.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-12} {total,6} in {stop.Elapsed.TotalSeconds:F2} s = {rate,7:F0}/s"));
    return rate;
}

Func<int, long, Task> Raw(int round) => (w, n) => kv.PutAsync(new PutRequest
{
    Key = ByteString.CopyFromUtf8($"/bench/raw/{run}/r{round}/w{w}-{n:D7}"),
    Value = rawValue,
}).ResponseAsync;

Func<int, long, Task> Allocate(CalicoIpam[] ipam, string store, int round) => (w, n) =>
    ipam[w].AutoAssignAsync(new AutoAssignRequest($"{store}-r{round}-w{w}-{n}", $"bench-node-r{round}-w{w}", 1, 0));

Console.WriteLine($"{callers} callers (one node each), {rounds} x {seconds} s per side, settings cache {cacheMs} ms; etcd {endpoint}, SQLite {sqlitePath}");
await RunAsync("warm raw", Raw(-1));
await RunAsync("warm etcd", Allocate(etcdIpam, "etcd", -1));
await RunAsync("warm sqlite", Allocate(sqliteIpam, "sqlite", -1));

var raw = new List<double>();
var etcd = new List<double>();
var sqlite = new List<double>();
var etcdRatios = new List<double>();
for (var r = 0; r < rounds; r++)
{
    var round = r;
    var sides = new (string Label, Func<int, long, Task> Op, List<double> Into)[]
    {
        ("raw put", Raw(round), raw),
        ("ipam etcd", Allocate(etcdIpam, "etcd", round), etcd),
        ("ipam sqlite", Allocate(sqliteIpam, "sqlite", round), sqlite),
    };
    for (var i = 0; i < sides.Length; i++)
    {
        var side = sides[(i + r) % sides.Length];
        side.Into.Add(await RunAsync(side.Label, side.Op));
    }

    etcdRatios.Add(etcd[^1] / raw[^1]);
}

var check = await etcdIpam[0].CheckAsync();
var checkSqlite = await sqliteIpam[0].CheckAsync();
static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT load average {load} on {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT etcd raw put (concurrency {callers}) median={Median(raw):F0}/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ipam etcd median={Median(etcd):F0} allocations/s (goal >= 500); per-round ipam/raw-put: {string.Join(' ', etcdRatios.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}; median={Median(etcdRatios):F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT ipam sqlite median={Median(sqlite):F0} allocations/s (goal >= 1000)"));
Console.WriteLine($"RESULT check etcd: {(check.IsClean ? "clean" : check.Problems.Count + " problems")}, sqlite: {(checkSqlite.IsClean ? "clean" : checkSqlite.Problems.Count + " problems")}");
foreach (var c in etcdClients)
{
    await c.DisposeAsync();
}

foreach (var c in sqliteClients)
{
    await c.DisposeAsync();
}

// Rates are reported against their goals, not enforced (a loaded machine must not stop ./build.sh bench); a check
// that is not clean is a correctness failure and fails the run.
Console.WriteLine($"RESULT goals: etcd >= 500/s {(Median(etcd) >= 500 ? "met" : "not met")}, sqlite >= 1000/s {(Median(sqlite) >= 1000 ? "met" : "not met")}");
return check.IsClean && checkSqlite.IsClean ? 0 : 1;
