using System.Net;
using System.Text.Json.Nodes;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

namespace Calico.Cni.Tests.Harness;

/// <summary>
/// One node for CNI tests: a fresh node namespace (uplink veth with a default route, forwarding on), a temp dir with
/// the SQLite datastore (initialised, pool 10.77.0.0/16 /26 blocks, profile kns.default open), the run dir, a CNI bin
/// dir, the driver, and pods as named namespaces. Everything is removed on dispose, also after a failure.
/// </summary>
internal sealed class CniNode : IAsyncDisposable
{
    public const string NodeName = "h2node";
    public const string PoolCidr = "10.77.0.0/16";
    private static int _counter;
    private readonly List<string> _pods = [];

    private CniNode(string tag, NetworkNamespace node, string dir, SqliteDatastore store)
    {
        Tag = tag;
        Node = node;
        Dir = dir;
        Store = store;
        Bin = new CniBin();
        Driver = new CniDriver(Bin.Directory, node);
    }

    public string Tag { get; }

    public NetworkNamespace Node { get; }

    public string Dir { get; }

    public SqliteDatastore Store { get; }

    public CniBin Bin { get; }

    public CniDriver Driver { get; }

    public TestAgent? Agent { get; private set; }

    public string SqlitePath => Path.Combine(Dir, "calico.db");

    public string RunDir => Path.Combine(Dir, "run");

    public static async Task<CniNode> StartAsync(bool agent = true)
    {
        var tag = "h2c" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x" + Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var node = NetworkNamespace.Create(tag + "n");
        var dir = Directory.CreateTempSubdirectory("h2-cni-").FullName;
        SqliteDatastore? store = null;
        try
        {
            NodeUplink.Configure(node);
            WorkloadPlumbing.ConfigureHost(node);
            store = new SqliteDatastore(new SqliteDatastoreOptions { Path = Path.Combine(dir, "calico.db") });
            await DatastoreBootstrap.EnsureInitializedAsync(store, TimeProvider.System);
            await store.CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = { Name = "pool" }, Spec = { Cidr = PoolCidr, BlockSize = 26, NodeSelector = "all()" } });
            await store.CreateAsync(ResourceKinds.Profile, OpenProfile("kns.default"));
            var result = new CniNode(tag, node, dir, store);
            if (agent)
            {
                result.StartAgent();
            }

            return result;
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }

            node.Dispose();
            NetworkNamespace.Delete(tag + "n");
            Directory.Delete(dir, true);
            throw;
        }
    }

    public static Profile OpenProfile(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = { Name = name },
        Spec =
        {
            Ingress = [new Rule { Action = "Allow" }],
            Egress = [new Rule { Action = "Allow" }],
            LabelsToApply = labels,
        },
    };

    public void StartAgent(bool ready = true, bool live = true) => Agent = new TestAgent(Node, Store, NodeName, RunDir, ready, live);

    public async Task StopAgentAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
            Agent = null;
        }
    }

    /// <summary>A pod namespace (named, so CNI_NETNS is /run/netns/NAME).</summary>
    public string NewPod(string name)
    {
        var full = Tag + name;
        NetworkNamespace.Create(full).Dispose();
        _pods.Add(full);
        return NetworkNamespace.NamedDirectory + "/" + full;
    }

    public void DeletePod(string path)
    {
        var name = Path.GetFileName(path);
        if (_pods.Remove(name))
        {
            NetworkNamespace.Delete(name);
        }
    }

    /// <summary>The calico plugin's configuration for this node.</summary>
    public JsonObject Calico(double timeout = 20, JsonObject? ipam = null) => new()
    {
        ["type"] = "calico",
        ["datastore_type"] = "sqlite",
        ["sqlite_path"] = SqlitePath,
        ["nodename"] = NodeName,
        ["endpoint_status_dir"] = Path.Combine(RunDir, "endpoint-status"),
        ["ipam_lock_file"] = Path.Combine(RunDir, "ipam.lock"),
        ["policy_setup_timeout_seconds"] = timeout,
        ["ipam"] = ipam ?? new JsonObject { ["type"] = "calico-ipam" },
        ["capabilities"] = new JsonObject { ["labels"] = true },
    };

    public JsonObject Network(string version = "1.1.0", double timeout = 20, JsonObject? ipam = null) =>
        CniDriver.List("net1", version, Calico(timeout, ipam));

    public async ValueTask DisposeAsync()
    {
        await StopAgentAsync();
        foreach (var pod in _pods.ToList())
        {
            NetworkNamespace.Delete(pod);
        }

        await Store.DisposeAsync();
        Node.Dispose();
        NetworkNamespace.Delete(Tag + "n");
        Bin.Dispose();
        Directory.Delete(Dir, true);
    }
}
