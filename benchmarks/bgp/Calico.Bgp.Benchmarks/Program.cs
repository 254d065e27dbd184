using System.Diagnostics;
using System.Globalization;
using System.Net;
using Calico.Bgp.Benchmarks;

// Side-by-side BGP benchmarks (./build.sh bench → benchmarks/bgp/run.sh). Needs root, bird, gobgpd.
//   advertise: our speaker vs BIRD advertising then withdrawing 10,000 /26 to a BIRD receiver; time until the
//              receiver's kernel (netlink monitor) has all / none of them; median of 5 each; speaker RSS.
//   receive:   100,000 prefixes from GoBGP installed in the kernel by our speaker vs by BIRD.
// Our speaker runs in a process of its own (SpeakerProcess), so its RSS is measured without the harness.
if (args is ["speaker"])
{
    Environment.Exit(await SpeakerProcess.RunAsync());
}

var runs = int.Parse(Environment.GetEnvironmentVariable("BGP_BENCH_RUNS") ?? "5", CultureInfo.InvariantCulture);
var results = new Results();
var blocks = SpeakerProcess.Blocks();

if (Environment.GetEnvironmentVariable("BGP_BENCH_ONLY") is null or "advertise")
{
using (var lab = new BenchLab())
{
    var receiver = lab.Bird(lab.B, "receiver", """
        router id 10.99.0.2;
        protocol device { scan time 10; }
        protocol direct { ipv4; interface "eth0"; }
        protocol kernel { ipv4 { export where source = RTS_BGP; import none; }; merge paths on; }
        protocol bgp n1 { local 10.99.0.2 as 64512; neighbor 10.99.0.1 as 64512; hold time 30; connect retry time 1; connect delay time 1; error wait time 1, 3; ipv4 { import all; export none; }; }
        """);
    await Sh.UntilAsync(() => File.Exists(receiver), "receiver BIRD");

    // Ours.
    var (ourAdvertise, ourWithdraw, (rss, peak, anon, file)) = await OursAsync(lab, blocks, runs);
    results.Add(Line("advertise 10,000 /26 to BIRD (ours)", ourAdvertise));
    results.Add(Line("withdraw  10,000 /26 to BIRD (ours)", ourWithdraw));
    results.Add($"speaker process RSS after runs: {rss / 1048576.0:F1} MB, peak (VmHWM) {peak / 1048576.0:F1} MB (the speaker's own process, harness excluded; limit 100 MB); of the RSS {anon / 1048576.0:F1} MB anonymous (heaps), {file / 1048576.0:F1} MB mapped files (runtime, assemblies)");

    // BIRD doing the same job to the same receiver.
    var statics = string.Join("\n", blocks.Select(b => $"route {b} blackhole;"));
    var sender = lab.Bird(lab.A, "sender", $$"""
        router id 10.99.0.1;
        protocol device { scan time 10; }
        protocol direct { ipv4; interface "eth0"; }
        protocol kernel { ipv4 { export where source = RTS_STATIC; import none; }; }
        protocol static s4 { disabled; ipv4; {{statics}} }
        protocol bgp n2 { local 10.99.0.1 as 64512; neighbor 10.99.0.2 as 64512; hold time 30; connect retry time 1; connect delay time 1; error wait time 1, 3; ipv4 { import none; export where source = RTS_STATIC; next hop self; }; }
        """);
    await Sh.UntilAsync(() => File.Exists(sender), "sender BIRD");
    await Sh.UntilAsync(() => Sh.Run("birdc", "-s", sender, "show", "protocols", "n2").Contains("Established", StringComparison.Ordinal), "BIRD sender session");
    var birdAdvertise = new List<TimeSpan>();
    var birdWithdraw = new List<TimeSpan>();
    for (var run = 0; run < runs; run++)
    {
        using var counter = new RouteCounter(lab.NamespaceB, blocks);
        var started = DateTime.UtcNow;
        Sh.Run("birdc", "-s", sender, "enable", "s4");
        birdAdvertise.Add(await counter.WaitForAsync(blocks.Count, started, TimeSpan.FromMinutes(2)));
        started = DateTime.UtcNow;
        Sh.Run("birdc", "-s", sender, "disable", "s4");
        birdWithdraw.Add(await counter.WaitForAsync(0, started, TimeSpan.FromMinutes(2)));
    }

    var birdPid = File.ReadAllText(Path.Combine(lab.Directory, "sender.pid")).Trim();
    var birdStatus = File.ReadAllLines($"/proc/{birdPid}/status");
    long Kb(string field) => long.Parse(birdStatus.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    results.Add($"BIRD sender process RSS after runs: {Kb("VmRSS:") / 1024.0:F1} MB, peak (VmHWM) {Kb("VmHWM:") / 1024.0:F1} MB (baseline for the speaker's RSS)");
    results.Add(Line("advertise 10,000 /26 to BIRD (BIRD)", birdAdvertise));
    results.Add(Line("withdraw  10,000 /26 to BIRD (BIRD)", birdWithdraw));
    results.Add($"ratio ours/BIRD (median): advertise {Median(ourAdvertise) / Median(birdAdvertise):F2}x, withdraw {Median(ourWithdraw) / Median(birdWithdraw):F2}x (target <= 2x)");
}

}

if (Environment.GetEnvironmentVariable("BGP_BENCH_ONLY") is null or "receive")
{
using (var lab = new BenchLab())
{
    var prefixes = Enumerable.Range(0, 100_000).Select(i => new IPNetwork(new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)(0x64000000u + ((uint)i << 8))))), 24)).ToList();
    var mrt = Path.Combine(lab.Directory, "table.mrt");
    Mrt.Write(mrt, prefixes, IPAddress.Parse("10.99.0.2"), 64512);
    var config = Path.Combine(lab.Directory, "gobgpd.toml");
    File.WriteAllText(config, """
        [global.config]
          as = 64512
          router-id = "10.99.0.2"
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "10.99.0.1"
            peer-as = 64512
          [neighbors.timers.config]
            hold-time = 30
            connect-retry = 1
        """);
    lab.Start(lab.B, "gobgpd", "-f", config, "--api-hosts", "127.0.0.1:50051", "--pprof-disable", "-p", "-l", "warn");
    await Sh.UntilAsync(() => TryRun("ip", "netns", "exec", lab.B, "gobgp", "-u", "127.0.0.1", "global"), "gobgpd API");
    var inject = Stopwatch.StartNew();
    Sh.Run("ip", "netns", "exec", lab.B, "gobgp", "-u", "127.0.0.1", "mrt", "inject", "global", mrt);
    var summary = Sh.Run("ip", "netns", "exec", lab.B, "gobgp", "-u", "127.0.0.1", "global", "rib", "summary", "-a", "ipv4");
    var held = int.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"Destination:\s*(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    results.Add($"gobgp mrt inject of 100,000 prefixes took {inject.Elapsed.TotalSeconds:F2} s (setup, not measured below); GoBGP holds {held}");
    var target = held;

    for (var attempt = 0; attempt < int.Parse(Environment.GetEnvironmentVariable("BGP_BENCH_RECEIVE_RUNS") ?? "2", CultureInfo.InvariantCulture); attempt++)
    {
        // Ours: from starting the speaker process (as BIRD's below) until the kernel (netlink monitor) holds all of them.
        using (var counter = new RouteCounter(lab.NamespaceA, prefixes))
        {
            var started = DateTime.UtcNow;
            using var speaker = await SpeakerProcess.StartAsync(lab.A);
            var elapsed = await WaitOrReportAsync(counter, target, started, results, "ours");
            var (rss, peak, anon, _) = speaker.Memory();
            results.Add($"receive+install {target} from GoBGP (ours), run {attempt + 1}: {elapsed.TotalSeconds:F2} s; speaker process RSS {rss / 1048576.0:F1} MB (peak {peak / 1048576.0:F1} MB, anonymous {anon / 1048576.0:F1} MB); monitor resynced by dump {counter.Resyncs}x");
        }

        // The speaker removes its routes on a clean reconcile-free shutdown only after restart time; clear them now.
        Sh.Run("ip", "-n", lab.A, "route", "flush", "proto", "84");

        using (var counter = new RouteCounter(lab.NamespaceA, prefixes))
        {
            var started = DateTime.UtcNow;
            var bird = lab.Bird(lab.A, "bird-recv" + attempt, """
                router id 10.99.0.1;
                protocol device { scan time 10; }
                protocol direct { ipv4; interface "eth0"; }
                protocol kernel { ipv4 { export where source = RTS_BGP; import none; }; merge paths on; }
                protocol bgp n2 { local 10.99.0.1 as 64512; neighbor 10.99.0.2 as 64512; hold time 30; connect retry time 1; connect delay time 1; ipv4 { import all; export none; }; }
                """);
            var elapsed = await WaitOrReportAsync(counter, target, started, results, "BIRD");
            results.Add($"receive+install {target} from GoBGP (BIRD), run {attempt + 1}: {elapsed.TotalSeconds:F2} s; monitor resynced by dump {counter.Resyncs}x");
            Sh.Run("birdc", "-s", bird, "down");
            await Sh.UntilAsync(() => Sh.Run("ip", "-n", lab.A, "route", "show", "proto", "bird").Length == 0, "BIRD routes removed", 120);
        }
    }
}


}

static async Task<TimeSpan> WaitOrReportAsync(RouteCounter counter, int count, DateTime started, Results results, string who)
{
    try
    {
        return await counter.WaitForAsync(count, started, TimeSpan.FromSeconds(90));
    }
    catch (TimeoutException error)
    {
        results.Add($"receive+install 100,000 from GoBGP ({who}): NOT COMPLETE after 90 s: {error.Message}");
        return TimeSpan.FromSeconds(90);
    }
}

static async Task<(List<TimeSpan> Advertise, List<TimeSpan> Withdraw, (long Rss, long Peak, long Anon, long File) Memory)> OursAsync(BenchLab lab, List<IPNetwork> blocks, int runs)
{
    using var speaker = await SpeakerProcess.StartAsync(lab.A);
    var advertise = new List<TimeSpan>();
    var withdraw = new List<TimeSpan>();
    for (var run = 0; run < runs; run++)
    {
        using var counter = new RouteCounter(lab.NamespaceB, blocks);
        var started = DateTime.UtcNow;
        await speaker.SendAsync("advertise");
        advertise.Add(await counter.WaitForAsync(blocks.Count, started, TimeSpan.FromMinutes(2)));
        started = DateTime.UtcNow;
        await speaker.SendAsync("withdraw");
        withdraw.Add(await counter.WaitForAsync(0, started, TimeSpan.FromMinutes(2)));
    }

    return (advertise, withdraw, speaker.Memory());
}

static double Median(List<TimeSpan> values) => values.Select(v => v.TotalMilliseconds).Order().ElementAt(values.Count / 2);

static string Line(string what, List<TimeSpan> values) =>
    $"{what}: median {Median(values):F0} ms over {values.Count} runs [{string.Join(", ", values.Select(v => v.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)))}]";

static bool TryRun(string file, params string[] args)
{
    try
    {
        Sh.Run(file, args);
        return true;
    }
    catch (InvalidOperationException)
    {
        return false;
    }
}

/// <summary>Prints each result as soon as it is measured.</summary>
internal sealed class Results
{
    public void Add(string line) => Console.WriteLine(line);
}
