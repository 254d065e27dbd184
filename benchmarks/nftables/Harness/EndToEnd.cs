using System.Diagnostics;
using System.Globalization;
using System.Net;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Nftables;
using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;

namespace Calico.Benchmarks.Nftables;

/// <summary>
/// One-object change latency through the whole node pipeline: a label change of pod a committed to SQLite, seen by
/// <see cref="DatastoreSync"/>, turned into a one-element IP set delta by the <see cref="PolicyEngine"/>, committed by
/// the <see cref="NftablesDataplane"/>, until the first new UDP flow a → b is received. b admits only sources
/// labelled <c>role=big</c>; a GlobalNetworkSet puts 10,000 addresses in that IP set. Baselines: the dataplane
/// commit alone, and the same one-element script through <c>nft -f -</c> (fork/exec) and through libnftables.
/// </summary>
internal static class EndToEnd
{
    private static readonly ResourceKind[] Kinds =
        [ResourceKinds.Tier, ResourceKinds.Profile, ResourceKinds.WorkloadEndpoint, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.GlobalNetworkSet];

    public static async Task<int> RunAsync(int changes)
    {
        using var node = new KernelNode(IPAddress.Parse("172.18.0.2"), IPAddress.Parse("203.0.113.10"));
        node.AddPod("a", Bench.IfA, Bench.A);
        node.AddPod("b", Bench.IfB, Bench.B);
        node.Servers("b").Serve([("UDP", 53)]);
        var dir = Directory.CreateTempSubdirectory("calico-e2e-");
        try
        {
            return await RunAsync(node, Path.Combine(dir.FullName, "calico.db"), changes);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<int> RunAsync(KernelNode node, string path, int changes)
    {
        var refresh = new NftablesDataplaneOptions().RefreshInterval;
        await using var store = new SqliteDatastore(new SqliteDatastoreOptions { Path = path });
        foreach (var tier in BuiltInTiers.Create())
        {
            await store.CreateAsync(ResourceKinds.Tier, tier);
        }

        await store.CreateAsync(ResourceKinds.Profile, KubernetesProfiles.ForNamespace("bench", new Dictionary<string, string>()));
        var big = new GlobalNetworkSet { Spec = { Nets = [.. Scenario.Filler(10_000).Select(m => m.Network.ToString())] } };
        big.Metadata.Name = "big";
        big.Metadata.Labels = new Dictionary<string, string> { ["role"] = "big" };
        await store.CreateAsync(ResourceKinds.GlobalNetworkSet, big);
        var policy = new GlobalNetworkPolicy { Spec = { Selector = "pod == 'b'", Ingress = [new Rule { Action = "Allow", Source = new EntityRule { Selector = "role == 'big'" } }] } };
        policy.Metadata.Name = "b-from-big";
        await store.CreateAsync(ResourceKinds.GlobalNetworkPolicy, policy);
        var a = (WorkloadEndpoint)await store.CreateAsync(ResourceKinds.WorkloadEndpoint, Workload("a", Bench.IfA, Bench.A));
        await store.CreateAsync(ResourceKinds.WorkloadEndpoint, Workload("b", Bench.IfB, Bench.B));

        var engine = new PolicyEngine(new PolicyEngineOptions { LocalNode = "node1" });
        await using var dataplane = new NftablesDataplane(new NftablesDataplaneOptions { Namespace = node.Host });
        using var stop = new CancellationTokenSource();
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applyMs = new List<double>();
        var marks = new List<(long Received, long Applied)>();
        var pipeline = Task.Run(() => PipelineAsync(store, engine, dataplane, synced, applyMs, marks, stop.Token));
        await synced.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var setId = engine.Snapshot().IpSets.Values.Single(s => s.Members.Count >= 10_000).Id;

        var commitMs = new List<double>();
        var liveMs = new List<double>();
        var starts = new List<long>();
        for (var i = 0; i < changes * 2; i++)
        {
            var adding = i % 2 == 0;
            a.Metadata.Labels = adding ? new Dictionary<string, string> { ["pod"] = "a", ["role"] = "big" } : new Dictionary<string, string> { ["pod"] = "a" };
            var started = Stopwatch.GetTimestamp();
            starts.Add(started);
            var probe = adding ? Bench.FirstAllowedAsync(node, started) : null;
            a = (WorkloadEndpoint)await store.UpdateAsync(ResourceKinds.WorkloadEndpoint, a);
            commitMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (probe is not null)
            {
                liveMs.Add(await probe);
            }
            else
            {
                // The removal must be live before the next add is timed (else the next probe could pass early).
                while (engine.Snapshot().IpSets[setId].Members.Contains(new IpSetMember(Scenario.Host(Bench.A))) || dataplane.Status.AppliedGeneration != engine.Generation)
                {
                    await Task.Delay(1);
                }
            }
        }

        while (marks.Count < starts.Count)
        {
            await Task.Delay(1);
        }

        await stop.CancelAsync();
        var seenMs = new List<double>();
        var appliedMs = new List<double>();
        for (var i = 0; i < starts.Count; i += 2)
        {
            seenMs.Add(Stopwatch.GetElapsedTime(starts[i], marks[i].Received).TotalMilliseconds);
            appliedMs.Add(Stopwatch.GetElapsedTime(starts[i], marks[i].Applied).TotalMilliseconds);
        }

        await pipeline.ContinueWith(_ => { }, TaskScheduler.Default);

        var setName = "ip4-" + setId.Replace(':', '-');
        var script = $"add element inet calico {setName} {{ {Bench.A} }}\n";
        var rawProcess = new List<double>();
        var rawLibrary = new List<double>();
        using (var library = Calico.Sdk.Linux.Nftables.Open(node.Host))
        {
            // Each round adds then deletes the element; which runner adds alternates, so both time as many of each.
            var remove = script.Replace("add element", "delete element", StringComparison.Ordinal);
            for (var i = 0; i < changes; i++)
            {
                foreach (var (text, viaProcess) in new[] { (script, i % 2 == 0), (remove, i % 2 != 0) })
                {
                    var started = Stopwatch.GetTimestamp();
                    if (viaProcess)
                    {
                        await SystemProgram.RunAsync("nft", ["-f", "-"], new SystemProgramOptions { Namespace = node.Host, StandardInput = text });
                        rawProcess.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        await library.RunAsync(text);
                        rawLibrary.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        }

        Console.WriteLine($"# end-to-end one-object change ({DateTime.UtcNow:u}, {Environment.ProcessorCount} CPUs, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine($"  10,000 elements in the policy's IP set (hash set: host addresses only); SQLite synchronous=FULL; dataplane RefreshInterval {refresh.TotalSeconds:F0} s (the tamper test uses 0.3 s)");
        Console.WriteLine($"  {liveMs.Count} allow transitions probed, {changes * 2} label changes committed");
        Console.WriteLine($"  datastore commit -> first probe seeing the new verdict ms: p50 {Stats.Median(liveMs):F1} p99 {Stats.Percentile(liveMs, 99):F1} max {liveMs.Max():F1} (goal p99 <= 50)");
        Console.WriteLine($"  where the time goes (allow transitions, from the start of the commit) ms: change event received p50 {Stats.Median(seenMs):F1} p99 {Stats.Percentile(seenMs, 99):F1}; delta live in the kernel p50 {Stats.Median(appliedMs):F1} p99 {Stats.Percentile(appliedMs, 99):F1}");
        Console.WriteLine($"  SQLite UpdateAsync alone ms: p50 {Stats.Median(commitMs):F1} p99 {Stats.Percentile(commitMs, 99):F1}");
        Console.WriteLine($"  dataplane ApplyAsync (render + libnftables commit) ms: p50 {Stats.Median(applyMs):F2} p99 {Stats.Percentile(applyMs, 99):F2}");
        Console.WriteLine($"  same one-element delta, raw 'nft -f -' ms: p50 {Stats.Median(rawProcess):F1} p99 {Stats.Percentile(rawProcess, 99):F1}");
        Console.WriteLine($"  same one-element delta, raw libnftables ms: p50 {Stats.Median(rawLibrary):F2} p99 {Stats.Percentile(rawLibrary, 99):F2}");
        return 0;
    }

    // The node agent's loop, reduced: snapshot until in sync, reconcile, then one delta per datastore change.
    private static async Task PipelineAsync(SqliteDatastore store, PolicyEngine engine, NftablesDataplane dataplane, TaskCompletionSource synced, List<double> applyMs, List<(long Received, long Applied)> marks, CancellationToken cancellationToken)
    {
        var pending = new List<PolicyUpdate>();
        try
        {
            await foreach (var e in DatastoreSync.RunAsync(store, Kinds, cancellationToken))
            {
                if (e.Type == SyncEventType.InSync)
                {
                    engine.Apply(pending);
                    pending.Clear();
                    await dataplane.ReconcileAsync(engine.Snapshot(), cancellationToken);
                    synced.TrySetResult();
                    continue;
                }

                if (e.Change is not { Object: { } resource })
                {
                    continue; // the benchmark deletes nothing
                }

                if (!synced.Task.IsCompleted)
                {
                    pending.Add(PolicyUpdate.Upsert(resource));
                    continue;
                }

                var received = Stopwatch.GetTimestamp();
                var delta = engine.Apply([PolicyUpdate.Upsert(resource)]);
                if (!delta.IsEmpty)
                {
                    var started = Stopwatch.GetTimestamp();
                    await dataplane.ApplyAsync(delta, cancellationToken);
                    applyMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                lock (marks)
                {
                    marks.Add((received, Stopwatch.GetTimestamp()));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e) when (!synced.Task.IsCompleted)
        {
            synced.TrySetException(e);
        }
    }

    private static WorkloadEndpoint Workload(string pod, string iface, IPAddress ip)
    {
        var wep = new WorkloadEndpoint();
        wep.Metadata.Namespace = "bench";
        wep.Metadata.Name = $"node1-k8s-{pod}-eth0";
        wep.Metadata.Labels = new Dictionary<string, string> { ["pod"] = pod };
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = "node1";
        wep.Spec.Pod = pod;
        wep.Spec.Endpoint = "eth0";
        wep.Spec.IpNetworks = [ip + "/32"];
        wep.Spec.Profiles = [KubernetesProfiles.NamespaceProfileName("bench")];
        wep.Spec.InterfaceName = iface;
        return wep;
    }
}
