using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;

namespace Calico.Benchmarks.Nftables;

/// <summary>
/// nftables dataplane benchmarks on one node namespace with two pod namespaces (Calico's routed veth path):
/// iperf3 throughput with 10,000 IPs in active policy vs none, one-object change latency to the first packet
/// that sees the new verdict with 10,000 elements installed, and full resync vs raw <c>nft -f</c>.
/// </summary>
internal static class Bench
{
    public const string IfA = Scenario.IfA;
    public const string IfB = Scenario.IfB;
    public static readonly IPAddress A = IPAddress.Parse("10.65.0.2");
    public static readonly IPAddress B = IPAddress.Parse("10.65.0.3");

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "e2e")
        {
            return await EndToEnd.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
        }

        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var changes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var node = new KernelNode(IPAddress.Parse("172.18.0.2"), IPAddress.Parse("203.0.113.10"));
        node.AddPod("a", IfA, A);
        node.AddPod("b", IfB, B);
        node.Servers("b").Serve([("UDP", 53)]);
        var options = new NftablesDataplaneOptions { Namespace = node.Host, RefreshInterval = TimeSpan.FromHours(1) };
        var filler = Scenario.Filler(10_000).ToList();
        var generation = 0L;

        Console.WriteLine($"# nftables dataplane benchmarks ({DateTime.UtcNow:u}, {Environment.ProcessorCount} CPUs, {runs} runs, iperf3 {seconds} s pinned to CPU 1)");

        // 1. Throughput: bare routed path (no table) vs 10,000 IPs referenced by b's active ingress policy.
        var bare = new List<double>();
        var open = new List<double>();
        var policy = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await SystemProgram.RunAsync("nft", ["delete", "table", "inet", "calico"], new SystemProgramOptions { Namespace = node.Host, SuccessExitCodes = [0, 1] });
            bare.Add(await IperfAsync(node, seconds));
            await using (var dp = new NftablesDataplane(options))
            {
                await dp.ReconcileAsync(Scenario.State(++generation, withPolicy: false, []));
                open.Add(await IperfAsync(node, seconds));
                await dp.ReconcileAsync(Scenario.State(++generation, withPolicy: true, filler.Append(new IpSetMember(Scenario.Host(A)))));
                policy.Add(await IperfAsync(node, seconds));
            }
        }

        Console.WriteLine($"throughput Gbit/s median: bare routed path {Stats.Median(bare):F2}, our table without policy {Stats.Median(open):F2}, 10k IPs in active policy {Stats.Median(policy):F2}");
        Console.WriteLine($"  runs bare [{Join(bare)}] open [{Join(open)}] policy [{Join(policy)}]");
        Console.WriteLine($"  ratio policy/bare {Stats.Median(policy) / Stats.Median(bare):F3} (goal >= 0.90), policy/open {Stats.Median(policy) / Stats.Median(open):F3}");

        // 2. One-object change with 10,000 elements installed: ApplyAsync until the first probe sees the new verdict.
        await using var dataplane = new NftablesDataplane(options);
        var state = Scenario.State(++generation, withPolicy: true, filler);
        await dataplane.ReconcileAsync(state);
        var applyMs = new List<double>();
        var liveMs = new List<double>();
        var member = new IpSetMember(Scenario.Host(A));
        for (var i = 0; i < changes * 2; i++)
        {
            var adding = i % 2 == 0;
            var delta = new PolicyDelta
            {
                Generation = ++generation,
                IpSetUpdates = EquatableArray<IpSetUpdate>.Wrap([new IpSetUpdate(Scenario.BigSet, IpSetKind.Net, adding ? EquatableArray<IpSetMember>.Wrap([member]) : default, adding ? default : EquatableArray<IpSetMember>.Wrap([member]))]),
            };
            var started = Stopwatch.GetTimestamp();
            var probe = adding ? FirstAllowedAsync(node, started) : null;
            await dataplane.ApplyAsync(delta);
            applyMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (probe is not null)
            {
                liveMs.Add(await probe);
            }
        }

        // Baseline in the same run: the same one-element change written by hand to `nft -f -`.
        var rawChange = new List<double>();
        for (var i = 0; i < changes * 2; i++)
        {
            var verb = i % 2 == 0 ? "add" : "delete";
            var started = Stopwatch.GetTimestamp();
            await SystemProgram.RunAsync("nft", ["-f", "-"], new SystemProgramOptions { Namespace = node.Host, StandardInput = $"{verb} element inet calico ip4-s-big {{ {A} }}\n" });
            rawChange.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"one-object change, 10,000 elements installed, {changes} allow transitions probed ({changes * 2} changes applied):");
        Console.WriteLine($"  apply (nft commit) ms p50 {Stats.Median(applyMs):F1} p99 {Stats.Percentile(applyMs, 99):F1} max {applyMs.Max():F1}");
        Console.WriteLine($"  baseline raw 'nft -f' of the same element change ms p50 {Stats.Median(rawChange):F1} p99 {Stats.Percentile(rawChange, 99):F1}");
        Console.WriteLine($"  to first packet seeing the new verdict ms p50 {Stats.Median(liveMs):F1} p99 {Stats.Percentile(liveMs, 99):F1} max {liveMs.Max():F1} (goal p99 <= 50)");

        // 3. Full resync vs raw nft -f of the same ruleset.
        var ours = new List<double>();
        var raw = new List<double>();
        var script = dataplane.RenderFull(state);
        for (var run = 0; run < Math.Max(runs, 7); run++)
        {
            var started = Stopwatch.GetTimestamp();
            await dataplane.ReconcileAsync(state with { Generation = ++generation });
            ours.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await SystemProgram.RunAsync("nft", ["-f", "-"], new SystemProgramOptions { Namespace = node.Host, StandardInput = script });
            raw.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"full resync (10,000 elements, {script.Split('\n').Length - 1} commands) ms median: ours {Stats.Median(ours):F1}, raw nft -f {Stats.Median(raw):F1}, ratio {Stats.Median(ours) / Stats.Median(raw):F2} (goal <= 2)");
        return 0;
    }

    private static async Task<double> IperfAsync(KernelNode node, int seconds)
    {
        var server = SystemProgram.RunAsync("taskset", ["-c", "1", "iperf3", "-s", "-1", "-p", "5201"], new SystemProgramOptions { Namespace = node.Namespace("b"), Timeout = TimeSpan.FromSeconds(seconds + 30) });
        await Task.Delay(300);
        var client = await SystemProgram.RunAsync(
            "taskset",
            ["-c", "1", "iperf3", "-c", B.ToString(), "-p", "5201", "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J"],
            new SystemProgramOptions { Namespace = node.Namespace("a"), Timeout = TimeSpan.FromSeconds(seconds + 30) });
        await server;
        using var json = JsonDocument.Parse(client.StandardOutput);
        return json.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e9;
    }

    // New datagrams (fresh sockets, so no conntrack entry helps) every 0.5 ms until b's server receives one; the
    // time is taken when the first of them is seen, whichever attempt it was.
    public static Task<double> FirstAllowedAsync(KernelNode node, long started) => Task.Run(async () =>
    {
        var servers = node.Servers("b");
        var ns = node.Namespace("a");
        var sentKeys = new List<string>();
        var sockets = new List<Socket>();
        try
        {
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5))
            {
                var token = "t" + started.ToString(CultureInfo.InvariantCulture) + "-" + sentKeys.Count.ToString(CultureInfo.InvariantCulture);
                var socket = ns.Run(() =>
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    s.Bind(new IPEndPoint(A, 0));
                    return s;
                });
                sockets.Add(socket);
                sentKeys.Add(PodServers.Key("UDP", A, ((IPEndPoint)socket.LocalEndPoint!).Port, 53, token));
                socket.SendTo(Encoding.ASCII.GetBytes(token), new IPEndPoint(B, 53));
                var sent = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(sent) < TimeSpan.FromMilliseconds(0.5))
                {
                    if (sentKeys.Any(servers.Saw))
                    {
                        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }

                    await Task.Yield();
                }
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        throw new TimeoutException("the allow transition never reached the kernel");
    });

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));
}
