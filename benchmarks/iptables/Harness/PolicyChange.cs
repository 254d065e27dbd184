using System.Diagnostics;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Iptables;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;

namespace Calico.Benchmarks.Iptables;

/// <summary>
/// One policy (100 rules) rewritten with 10,000 rules installed (100 policies x 100 rules in b's tier): our
/// <c>ApplyAsync</c> against a raw <c>iptables-restore --noflush</c> of the same one-chain delta on the same loaded
/// table, interleaved so both see the same machine load. The raw run is the floor for any iptables-restore based
/// dataplane: on legacy it is the kernel's whole-table replace, on nft the restore tool's cache fetch and commit.
/// </summary>
internal static class PolicyChange
{
    public static async Task<long> RunAsync(KernelNode node, IptablesDataplane dataplane, IptablesBackend backend, PolicySnapshot state, long generation, int changes)
    {
        var rules = Scenario.WithRules(state with { Generation = ++generation }, 100, 100);
        await dataplane.ReconcileAsync(rules);
        var first = new PolicyId(PolicyKind.NetworkPolicy, "bench", "rules-0");
        var restore = $"iptables-{(backend == IptablesBackend.Legacy ? "legacy" : "nft")}-restore";
        var deltas = new[] { 1, 2 }.Select(v => ChainDelta(dataplane.RenderFull(Scenario.WithRules(state, 100, 100, v)), 1000 + v)).ToArray();
        var ours = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < changes; i++)
        {
            var delta = new PolicyDelta { Generation = ++generation, PolicyUpdates = EquatableArray<CompiledPolicy>.Wrap([Scenario.Many(first, 0, 100, (i % 2) + 1)]) };

            // The raw run writes the chain content the dataplane committed last (a rewrite of equal size), so the
            // kernel state stays what the dataplane believes; the order alternates so neither side always goes first.
            if (i % 2 == 1)
            {
                raw.Add(await RawAsync(node, restore, deltas[(i + 1) % 2]));
            }

            var started = Stopwatch.GetTimestamp();
            await dataplane.ApplyAsync(delta);
            ours.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (i % 2 == 0)
            {
                raw.Add(await RawAsync(node, restore, deltas[i % 2]));
            }
        }

        Console.WriteLine($"one policy changed, 10,000 rules + 10,000 set elements installed, {changes} changes (load average {Bench.LoadAverage()}):");
        Console.WriteLine($"  apply (live when it returns) ms p50 {Stats.Median(ours):F1} p99 {Stats.Percentile(ours, 99):F1} max {ours.Max():F1} (goal p99 <= 50)");
        Console.WriteLine($"  raw {restore} --noflush of the same one-chain delta ({deltas[0].Split('\n').Length - 3} rules) ms p50 {Stats.Median(raw):F1} p99 {Stats.Percentile(raw, 99):F1} max {raw.Max():F1}");
        Console.WriteLine($"  ratio apply/raw p50 {Stats.Median(ours) / Stats.Median(raw):F2} p99 {Stats.Percentile(ours, 99) / Stats.Percentile(raw, 99):F2}; overhead over raw ms p50 {Stats.Median(ours) - Stats.Median(raw):F1}");
        return generation;
    }

    private static async Task<double> RawAsync(KernelNode node, string restore, string input)
    {
        var started = Stopwatch.GetTimestamp();
        await SystemProgram.RunAsync(restore, ["--noflush", "--wait", "10"], new SystemProgramOptions { Namespace = node.Host, StandardInput = input });
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    // The IPv4 restore input that rewrites only the chain holding the rule with destination port <paramref name="port"/>.
    private static string ChainDelta(string full, int port)
    {
        var v4 = Bench.Section(full, "# iptables\n", "# ip6tables\n").Split('\n');
        var chain = v4.First(l => l.StartsWith("-A ", StringComparison.Ordinal) && l.Contains(" --dports " + port + " ", StringComparison.Ordinal)).Split(' ')[1];
        var body = v4.Where(l => l.StartsWith("-A " + chain + " ", StringComparison.Ordinal));
        return "*filter\n:" + chain + " - [0:0]\n" + string.Join('\n', body) + "\nCOMMIT\n";
    }
}
