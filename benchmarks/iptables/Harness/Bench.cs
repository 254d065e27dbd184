using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Iptables;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;

namespace Calico.Benchmarks.Iptables;

/// <summary>
/// iptables dataplane benchmarks on one node namespace with two pod namespaces, per backend (nft, legacy):
/// iperf3 throughput with 10,000 IPs in active policy vs none, one-object change latency to the first packet that
/// sees the new verdict with 10,000 set elements installed, a one-policy change with 10,000 rules installed, and a
/// full resync vs raw <c>ipset restore</c> + <c>iptables-restore</c> + <c>ip6tables-restore</c> of the same ruleset.
/// </summary>
internal static class Bench
{
    public const string IfA = Scenario.IfA;
    public const string IfB = Scenario.IfB;
    public static readonly IPAddress A = IPAddress.Parse("10.65.0.2");
    public static readonly IPAddress B = IPAddress.Parse("10.65.0.3");

    /// <summary>Which parts run: throughput, member, policy, full (default all).</summary>
    private static HashSet<string> Sections { get; set; } = [];

    public static async Task<int> Main(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var changes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var backends = args.Length > 3 ? args[3].Split(',') : ["nft", "legacy"];
        Sections = args.Length > 4 ? [.. args[4].Split(',')] : ["throughput", "member", "policy", "full"];
        Console.WriteLine($"# iptables dataplane benchmarks ({DateTime.UtcNow:u}, {Environment.ProcessorCount} CPUs, {runs} runs, iperf3 {seconds} s pinned to CPU 1, load average {LoadAverage()})");
        foreach (var name in backends)
        {
            var backend = name == "legacy" ? IptablesBackend.Legacy : IptablesBackend.Nft;
            using var node = new KernelNode(IPAddress.Parse("172.18.0.2"), IPAddress.Parse("203.0.113.10"));
            node.AddPod("a", IfA, A);
            node.AddPod("b", IfB, B);
            node.Servers("b").Serve([("UDP", 53)]);
            Console.WriteLine($"## backend {backend}");
            await RunAsync(node, new IptablesDataplaneOptions { Namespace = node.Host, Backend = backend, RefreshInterval = TimeSpan.FromHours(1) }, runs, changes, seconds);
        }

        return 0;
    }

    private static async Task RunAsync(KernelNode node, IptablesDataplaneOptions options, int runs, int changes, int seconds)
    {
        var filler = Scenario.Filler(10_000).ToList();
        var generation = 0L;

        // 1. Throughput: bare routed path vs our chains without policy vs 10,000 IPs referenced by b's ingress policy.
        var bare = new List<double>();
        var open = new List<double>();
        var policy = new List<double>();
        for (var run = 0; run < (Sections.Contains("throughput") ? runs : 0); run++)
        {
            await RemoveOursAsync(node, options.Backend);
            bare.Add(await IperfAsync(node, seconds));
            await using var dp = new IptablesDataplane(options);
            await dp.ReconcileAsync(Scenario.State(++generation, withPolicy: false, []));
            open.Add(await IperfAsync(node, seconds));
            await dp.ReconcileAsync(Scenario.State(++generation, withPolicy: true, filler.Append(new IpSetMember(Scenario.Host(A)))));
            policy.Add(await IperfAsync(node, seconds));
        }

        if (Sections.Contains("throughput"))
        {
            PrintThroughput(bare, open, policy);
        }

        // 2. One set member with 10,000 elements installed: ApplyAsync until the first probe sees the new verdict.
        await using var dataplane = new IptablesDataplane(options);
        var state = Scenario.State(++generation, withPolicy: true, filler);
        await dataplane.ReconcileAsync(state);
        if (Sections.Contains("member"))
        {
            generation = await MemberAsync(node, dataplane, state, generation, changes);
        }

        // 3. One policy (100 rules) rewritten with 10,000 rules installed (100 policies x 100 rules in b's tier).
        if (Sections.Contains("policy"))
        {
            generation = await PolicyChange.RunAsync(node, dataplane, options.Backend, state, generation, changes);
        }

        if (Sections.Contains("full"))
        {
            await FullAsync(node, dataplane, options.Backend, state, generation, runs);
        }

        await RemoveOursAsync(node, options.Backend);
    }

    private static void PrintThroughput(List<double> bare, List<double> open, List<double> policy)
    {
        Console.WriteLine($"throughput Gbit/s median: bare routed path {Stats.Median(bare):F2}, our chains without policy {Stats.Median(open):F2}, 10k IPs in active policy {Stats.Median(policy):F2}");
        Console.WriteLine($"  runs bare [{Join(bare)}] open [{Join(open)}] policy [{Join(policy)}]");
        Console.WriteLine($"  ratio policy/bare {Stats.Median(policy) / Stats.Median(bare):F3} (goal >= 0.90), policy/open {Stats.Median(policy) / Stats.Median(open):F3}");
    }

    private static async Task<long> MemberAsync(KernelNode node, IptablesDataplane dataplane, PolicySnapshot state, long generation, int changes)
    {
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

        Console.WriteLine($"one set member, 10,000 elements installed, {changes} allow transitions probed ({changes * 2} changes applied):");
        Console.WriteLine($"  apply ms p50 {Stats.Median(applyMs):F1} p99 {Stats.Percentile(applyMs, 99):F1} max {applyMs.Max():F1}");
        Console.WriteLine($"  to first packet seeing the new verdict ms p50 {Stats.Median(liveMs):F1} p99 {Stats.Percentile(liveMs, 99):F1} max {liveMs.Max():F1} (goal p99 <= 50)");

        // The same one-element change through raw ipset, same set loaded: what any ipset-based dataplane pays.
        var setName = Section(dataplane.RenderFull(state), "# ipset\n", "# iptables\n").Split('\n').First(l => l.StartsWith("create ", StringComparison.Ordinal) && l.Contains(Scenario.BigSet, StringComparison.Ordinal)).Split(' ')[1];
        var raw = new List<double>();
        for (var i = 0; i < changes * 2; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await SystemProgram.RunAsync("ipset", ["restore"], new SystemProgramOptions { Namespace = node.Host, StandardInput = (i % 2 == 0 ? "add " : "del ") + setName + " " + A + "\n" });
            raw.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"  raw ipset restore of the same one-element change ms p50 {Stats.Median(raw):F1} p99 {Stats.Percentile(raw, 99):F1}");
        Console.WriteLine($"  ratio apply/raw p50 {Stats.Median(applyMs) / Stats.Median(raw):F2} p99 {Stats.Percentile(applyMs, 99) / Stats.Percentile(raw, 99):F2}");
        return generation;
    }

    private static async Task FullAsync(KernelNode node, IptablesDataplane dataplane, IptablesBackend backend, PolicySnapshot state, long generation, int runs)
    {
        // 4. Full resync vs the raw tools loading the same ruleset (sets with -exist, both tables with --noflush).
        var full = Scenario.WithRules(state with { Generation = ++generation }, 100, 100);
        var script = dataplane.RenderFull(full);
        var ipset = Section(script, "# ipset\n", "# iptables\n");
        var v4 = Section(script, "# iptables\n", "# ip6tables\n");
        var v6 = Section(script, "# ip6tables\n", null);
        var legacy = backend == IptablesBackend.Legacy ? "legacy" : "nft";
        var ours = new List<double>();
        var raw = new List<double>();
        for (var run = 0; run < Math.Max(runs, 7); run++)
        {
            var started = Stopwatch.GetTimestamp();
            await dataplane.ReconcileAsync(full with { Generation = ++generation });
            ours.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await SystemProgram.RunAsync("ipset", ["-exist", "restore"], new SystemProgramOptions { Namespace = node.Host, StandardInput = ipset });
            await SystemProgram.RunAsync($"iptables-{legacy}-restore", ["--noflush"], new SystemProgramOptions { Namespace = node.Host, StandardInput = v4.Replace("-I FORWARD 1 -j cali-FORWARD\n-I INPUT 1 -j cali-INPUT\n", string.Empty, StringComparison.Ordinal) });
            await SystemProgram.RunAsync($"ip6tables-{legacy}-restore", ["--noflush"], new SystemProgramOptions { Namespace = node.Host, StandardInput = v6.Replace("-I FORWARD 1 -j cali-FORWARD\n-I INPUT 1 -j cali-INPUT\n", string.Empty, StringComparison.Ordinal) });
            raw.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"full resync (10,000 rules + 10,000 set elements, {script.Split('\n').Length - 4} lines) ms median: ours {Stats.Median(ours):F1}, raw ipset+iptables-restore+ip6tables-restore {Stats.Median(raw):F1}, ratio {Stats.Median(ours) / Stats.Median(raw):F2} (goal <= 2)");
    }

    /// <summary>The 1-minute load average (the machine is shared; numbers are read against it).</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The text between <paramref name="start"/> and <paramref name="end"/> (or the end).</summary>
    public static string Section(string text, string start, string? end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var to = end is null ? text.Length : text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }

    // Between runs: our chains and sets go, so the bare measurement sees an untouched path.
    private static async Task RemoveOursAsync(KernelNode node, IptablesBackend backend)
    {
        var legacy = backend == IptablesBackend.Legacy ? "legacy" : "nft";
        foreach (var family in new[] { "iptables", "ip6tables" })
        {
            var save = await SystemProgram.RunAsync($"{family}-{legacy}-save", ["-t", "filter"], new SystemProgramOptions { Namespace = node.Host });
            if (!save.StandardOutput.Contains("cali-", StringComparison.Ordinal))
            {
                continue;
            }

            var chains = save.StandardOutput.Split('\n').Where(l => l.StartsWith(":cali-", StringComparison.Ordinal)).Select(l => l[1..l.IndexOf(' ', StringComparison.Ordinal)]).ToList();
            var text = "*filter\n-D FORWARD -j cali-FORWARD\n-D INPUT -j cali-INPUT\n" + string.Concat(chains.Select(c => $"-F {c}\n")) + string.Concat(chains.Select(c => $"-X {c}\n")) + "COMMIT\n";
            await SystemProgram.RunAsync($"{family}-{legacy}-restore", ["--noflush"], new SystemProgramOptions { Namespace = node.Host, StandardInput = text });
        }

        var names = await SystemProgram.RunAsync("ipset", ["list", "-n"], new SystemProgramOptions { Namespace = node.Host });
        foreach (var set in names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.StartsWith("cali", StringComparison.Ordinal)))
        {
            await SystemProgram.RunAsync("ipset", ["destroy", set], new SystemProgramOptions { Namespace = node.Host, SuccessExitCodes = [0, 1] });
        }
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
    private static Task<double> FirstAllowedAsync(KernelNode node, long started) => Task.Run(async () =>
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
