using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Calico.Benchmarks.Cni;
using Calico.Cni.Tests.Harness;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;

// CNI ADD/DEL side by side: calico (Native AOT, calico-ipam, WorkloadEndpoint write, wait for the agent's policy) and the
// reference ptp + host-local, 1 and 2 concurrent callers, in one run; then VERSION start-up of calico next to ptp.
//   Calico.Benchmarks.Cni <publish dir> [ADDs per series=60] [VERSION runs=100] (--calico-node=<path> | --stand-in) [--trace]
// The agent is the real calico-node (a separate process in the node's namespace, as on a host) unless --stand-in asks
// for the in-process stand-in built from the same SDK pieces (it alone splits ADD's wait into agent phases).
// --trace: the plugin runs with CALICO_CNI_TRACE=1 and a per-phase breakdown (plugin and agent) follows the table.
var trace = args.Contains("--trace");
var standIn = args.Contains("--stand-in");
var nodeBinary = args.FirstOrDefault(a => a.StartsWith("--calico-node=", StringComparison.Ordinal))?["--calico-node=".Length..];
args = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
if (!standIn && (nodeBinary is null || !File.Exists(nodeBinary)))
{
    throw new ArgumentException("give --calico-node=<path to the calico-node build> (the agent ADD waits for), or --stand-in for the in-process stand-in agent");
}

var publish = args.Length > 0 ? args[0] : throw new ArgumentException("usage: <publish dir with calico> [adds] [version runs] [--trace]");
var perSeries = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var versionRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var report = new PhaseReport();
var tag = "h2b" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
var dir = Directory.CreateTempSubdirectory("h2-cni-bench-").FullName;
var bin = Path.Combine(dir, "bin");
Directory.CreateDirectory(bin);
File.CreateSymbolicLink(Path.Combine(bin, "calico"), Path.Combine(publish, "calico"));
File.CreateSymbolicLink(Path.Combine(bin, "calico-ipam"), Path.Combine(publish, "calico-ipam"));
foreach (var p in new[] { "ptp", "host-local" })
{
    File.CreateSymbolicLink(Path.Combine(bin, p), Path.Combine("/usr/lib/cni", p));
}

var node = NetworkNamespace.Create(tag + "n");
var pods = new List<string>();
SqliteDatastore? store = null;
BenchAgent? agent = null;
try
{
    NodeUplink.Configure(node);
    WorkloadPlumbing.ConfigureHost(node);
    var db = Path.Combine(dir, "calico.db");
    store = new SqliteDatastore(new SqliteDatastoreOptions { Path = db });
    await DatastoreBootstrap.EnsureInitializedAsync(store, TimeProvider.System);
    await store.CreateAsync(ResourceKinds.IPPool, new IPPool { Metadata = { Name = "pool" }, Spec = { Cidr = "10.77.0.0/16", BlockSize = 26, NodeSelector = "all()" } });
    await store.CreateAsync(ResourceKinds.Profile, new Profile { Metadata = { Name = "kns.default" }, Spec = { Ingress = [new Rule { Action = "Allow" }], Egress = [new Rule { Action = "Allow" }] } });
    await store.CreateAsync(ResourceKinds.NetworkPolicy, new NetworkPolicy
    {
        Metadata = { Name = "server", Namespace = "default" },
        Spec = { Selector = "role == 'server'", Types = ["Ingress"], Ingress = [new Rule { Action = "Allow", Source = new EntityRule { Selector = "role == 'client'" } }] },
    });
    var runDir = Path.Combine(dir, "run");
    agent = standIn
        ? await BenchAgent.StandInAsync(node, store, "bench", runDir)
        : await BenchAgent.CalicoNodeAsync(node, nodeBinary!, db, "bench", dir, runDir);

    var calicoConf = new JsonObject
    {
        ["cniVersion"] = "1.0.0", ["name"] = "k8s-pod-network", ["type"] = "calico", ["datastore_type"] = "sqlite", ["sqlite_path"] = db,
        ["nodename"] = "bench", ["endpoint_status_dir"] = Path.Combine(runDir, "endpoint-status"), ["ipam_lock_file"] = Path.Combine(runDir, "ipam.lock"),
        ["policy_setup_timeout_seconds"] = 30, ["ipam"] = new JsonObject { ["type"] = "calico-ipam" },
    }.ToJsonString();
    var refConf = new JsonObject
    {
        ["cniVersion"] = "1.0.0", ["name"] = "refnet", ["type"] = "ptp",
        ["ipam"] = new JsonObject { ["type"] = "host-local", ["dataDir"] = Path.Combine(dir, "host-local"), ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = "10.99.0.0/16" })) },
    }.ToJsonString();

    Dictionary<string, string> Env(string command, string id, string netns, string cniArgs)
    {
        var env = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command, ["CNI_CONTAINERID"] = id, ["CNI_NETNS"] = netns, ["CNI_IFNAME"] = "eth0", ["CNI_PATH"] = bin, ["CNI_ARGS"] = cniArgs,
        };
        if (trace)
        {
            env["CALICO_CNI_TRACE"] = "1";
        }

        return env;
    }

    string NewPod(string name)
    {
        NetworkNamespace.Create(tag + name).Dispose();
        lock (pods)
        {
            pods.Add(tag + name);
        }

        return "/run/netns/" + tag + name;
    }

    // After DEL the runtime removes the pod's namespace, as a container runtime does. Left behind, hundreds of
    // namespace mounts would make every .NET process start slower (the runtime reads /proc/self/mountinfo twice at
    // start to find its cgroup: +1.0 ms with 400 extra mounts, measured; Go's ptp +0.26 ms), a load no node carries.
    void RemovePod(string netnsPath)
    {
        var name = Path.GetFileName(netnsPath);
        NetworkNamespace.Delete(name);
        lock (pods)
        {
            pods.Remove(name);
        }
    }

    // The server every sampled probe targets.
    var serverNs = NewPod("server");
    var server = Exec.Run(node, Path.Combine(bin, "calico"), Env("ADD", "server", serverNs, "K8S_POD_NAMESPACE=default;K8S_POD_NAME=server;K8S_POD_LABELS=role:server"), calicoConf);
    if (server.Exit != 0)
    {
        throw new InvalidOperationException("server ADD failed: " + server.Output + server.Error + agent.Problems());
    }

    var serverIp = IPAddress.Parse(JsonNode.Parse(server.Output)!["ips"]![0]!["address"]!.GetValue<string>().Split('/')[0]);
    using var listener = Probe.Listen(serverNs, 80);

    var mismatches = 0;
    var probes = 0;
    var samples = new Dictionary<string, (List<double> Adds, List<double> Dels)>(StringComparer.Ordinal);
    var agentCpu = new Dictionary<string, List<double>>(StringComparer.Ordinal);

    // One block: `count` ADDs spread over `concurrency` callers (each on its own thread), then their DELs.
    void Block(string label, string program, string conf, int concurrency, int count, string block, bool timed)
    {
        var series = $"{label}-c{concurrency}";
        var (adds, dels) = samples.TryGetValue(series, out var s) ? s : samples[series] = ([], []);
        var cpuBefore = agent.CpuTime;
        // Dedicated threads: each run blocks its thread until the plugin exits, and the stand-in agent lives in this
        // process; blocking pool threads would starve the agent's continuations (the thread pool adds threads
        // slowly), which measured as 0.5-1 s "agent" outliers that a separate calico-node process never has.
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Factory.StartNew(() =>
        {
            var mine = new List<(string Id, string Netns, string Args)>();
            for (var i = 0; i < count / concurrency; i++)
            {
                var tagged = $"{(program == "ptp" ? "r" : "c")}{concurrency}{block}w{w}x{i}";
                var id = $"{series}-{block}-{w}-{i}".Replace("+", "-", StringComparison.Ordinal);
                var netns = NewPod(tagged);
                var role = i % 2 == 0 ? "client" : "other";
                var pod = "p" + tagged;
                var cniArgs = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME={pod}" + (program == "ptp" ? string.Empty : $";K8S_POD_LABELS=role:{role}");
                var r = Exec.Run(node, Path.Combine(bin, program), Env("ADD", id, netns, cniArgs), conf);
                if (r.Exit != 0)
                {
                    throw new InvalidOperationException($"{series} ADD failed: {r.Output} {r.Error}" + AgentErrors());
                }

                if (timed)
                {
                    report.Add(series + " ADD", r, agent.Timeline($"bench-k8s-{pod}-eth0"));
                    lock (adds)
                    {
                        adds.Add(r.Ms);
                    }
                }

                // Sampled ADDs: a probe right after ADD returns must already get the final verdict.
                if (program == "calico" && i % 5 == 0)
                {
                    var allowed = Probe.ConnectAsync(netns, serverIp, 80, role == "client" ? 1000 : 300).GetAwaiter().GetResult();
                    Interlocked.Increment(ref probes);
                    if (allowed != (role == "client"))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                }

                mine.Add((id, netns, cniArgs));
            }

            foreach (var (id, netns, cniArgs) in mine)
            {
                var r = Exec.Run(node, Path.Combine(bin, program), Env("DEL", id, netns, cniArgs), conf);
                if (r.Exit != 0)
                {
                    throw new InvalidOperationException($"{series} DEL failed: {r.Output} {r.Error}" + AgentErrors());
                }

                RemovePod(netns);

                if (timed)
                {
                    report.Add(series + " DEL", r);
                    lock (dels)
                    {
                        dels.Add(r.Ms);
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(workers);

        // The agent's CPU per attachment (ADD + DEL): the work a node agent adds to each pod, on the same cores the
        // plugins run on. Only calico's blocks: ptp's attachments wake the agent too (netlink), but it has no work.
        if (timed && program == "calico" && cpuBefore is { } before && agent.CpuTime is { } after)
        {
            var perRound = agentCpu.TryGetValue(series, out var c) ? c : agentCpu[series] = [];
            perRound.Add((after - before).TotalMilliseconds / count);
        }
    }

    string AgentErrors() => agent.Problems();

    var plugins = new[] { ("calico", "calico", calicoConf), ("ptp+host-local", "ptp", refConf) };

    // Warm-up, untimed: the page cache holds both plugins, the kernel's slabs for namespaces and veths are populated,
    // and the agent's code is compiled. calico-node is a JIT build: its hot paths are recompiled (tier 1) after 30
    // calls and a short delay, and during that its CPU per attachment is 3-7 times the steady state (measured 32-39 ms
    // in the first timed round after a 10-attachment warm-up, 5-7 ms from the third on). A node's agent has been
    // running for hours, so the timed rounds start after 30 attachments per plugin.
    foreach (var (label, program, conf) in plugins)
    {
        for (var w = 0; w < 3; w++)
        {
            Block(label, program, conf, 1, 10, "w" + w.ToString(CultureInfo.InvariantCulture), timed: false);
        }
    }

    // Interleaved blocks of 10 ADDs (then their DELs) per plugin and caller count, round after round: slow drifts of a
    // noisy machine (other work, page cache, RCU backlog) land on both plugins alike instead of on whichever series
    // ran during them.
    const int BlockSize = 10;
    var rounds = Math.Max(1, perSeries / BlockSize);
    for (var round = 0; round < rounds; round++)
    {
        foreach (var concurrency in new[] { 1, 2 })
        {
            foreach (var (label, program, conf) in plugins)
            {
                Block(label, program, conf, concurrency, BlockSize, "b" + round.ToString(CultureInfo.InvariantCulture), timed: true);
            }
        }
    }

    var rows = new List<string>();
    var stats = new Dictionary<string, (double AddP50, double AddP99, double DelP50)>();
    foreach (var concurrency in new[] { 1, 2 })
    {
        foreach (var (label, _, _) in plugins)
        {
            var series = $"{label}-c{concurrency}";
            var (adds, dels) = samples[series];
            stats[series] = (Exec.Percentile(adds, 50), Exec.Percentile(adds, 99), Exec.Percentile(dels, 50));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {concurrency} | {adds.Count} | {Exec.Percentile(adds, 50):0.0} | {Exec.Percentile(adds, 99):0.0} | {Exec.Percentile(dels, 50):0.0} | {Exec.Percentile(dels, 99):0.0} |"));
        }
    }

    // Start-up: VERSION, alternating, median of N each.
    var calicoVersion = new List<double>();
    var ptpVersion = new List<double>();
    var versionEnv = new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" };
    if (trace)
    {
        versionEnv["CALICO_CNI_TRACE"] = "1";
    }

    for (var i = 0; i < versionRuns; i++)
    {
        var v = Exec.Run(node, Path.Combine(bin, "calico"), versionEnv, """{"cniVersion":"1.0.0"}""");
        report.Add("calico VERSION", v);
        calicoVersion.Add(v.Ms);
        ptpVersion.Add(Exec.Run(node, Path.Combine(bin, "ptp"), versionEnv, """{"cniVersion":"1.0.0"}""").Ms);
    }

    Console.WriteLine($"CNI ADD/DEL, {rounds * BlockSize} attachments per series in {rounds} interleaved rounds of {BlockSize} (after 30 untimed of each), cniVersion 1.0.0, times in ms (fork to exit)");
    Console.WriteLine("| plugin | callers | n | ADD p50 | ADD p99 | DEL p50 | DEL p99 |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    rows.ForEach(Console.WriteLine);
    foreach (var c in new[] { 1, 2 })
    {
        var ours = stats[$"calico-c{c}"];
        var theirs = stats[$"ptp+host-local-c{c}"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"callers {c}: ADD p50 {ours.AddP50 / theirs.AddP50:0.00}x (target <= 1.5x), ADD p99 {ours.AddP99 / theirs.AddP99:0.00}x (<= 2x), DEL p50 {ours.DelP50 / theirs.DelP50:0.00}x (<= 1.0x)"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"VERSION start-up, median of {versionRuns}: calico {Exec.Percentile(calicoVersion, 50):0.00} ms, ptp {Exec.Percentile(ptpVersion, 50):0.00} ms (target calico <= 5 ms)"));
    Console.WriteLine($"sampled post-ADD probes: {probes}, wrong verdicts: {mismatches}");
    foreach (var (series, perRound) in agentCpu)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agent CPU per attachment (ADD + DEL), {series}: {perRound.Average():0.00} ms (by round: {string.Join(", ", perRound.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))})"));
    }
    report.Print(Console.Out);
    if (standIn)
    {
        Console.WriteLine("agent: the in-process stand-in" + agent.Problems());
    }
    else
    {
        Console.WriteLine("agent: calico-node " + nodeBinary);
    }

    return mismatches == 0 ? 0 : 1;
}
finally
{
    if (agent is not null)
    {
        await agent.DisposeAsync();
    }

    foreach (var pod in pods)
    {
        NetworkNamespace.Delete(pod);
    }

    if (store is not null)
    {
        await store.DisposeAsync();
    }

    node.Dispose();
    NetworkNamespace.Delete(tag + "n");
    Directory.Delete(dir, true);
}
