using System.Diagnostics;
using System.Globalization;

namespace Calico.Benchmarks.Cni;

/// <summary>
/// Collects the plugin's <c>CALICO_CNI_TRACE=1</c> lines (<c>calico-trace CMD main=t phase=t …</c>, monotonic
/// timestamps) and the stand-in agent's timeline, and prints where each series' time went: per phase p50 and p99 in
/// ms. <c>start</c> is fork to the first line of Main (exec, runtime start-up), <c>exit</c> is the last mark to the
/// parent seeing the exit; the <c>agent:*</c> rows split ADD's wait for the agent.
/// </summary>
internal sealed class PhaseReport
{
    private readonly Dictionary<string, Dictionary<string, List<double>>> _series = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<double>> _allocated = new(StringComparer.Ordinal);

    /// <summary>Adds one run; <paramref name="agent"/> is the agent's (seen, applied, written) for an ADD's endpoint.</summary>
    public void Add(string series, ExecResult run, (long Seen, long Applied, long Written)? agent = null)
    {
        var line = run.Error.Split('\n').FirstOrDefault(l => l.StartsWith("calico-trace ", StringComparison.Ordinal));
        if (line is null)
        {
            return;
        }

        var marks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(p => p.Split('='))
            .Select(p => (Phase: p[0], At: long.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        var phases = new List<(string, double)>();
        var previous = run.Started;
        var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (phase, at) in marks)
        {
            // A phase that occurs again in one run (a second read of the same kind) gets its own row: name#2.
            var n = repeats[phase] = repeats.GetValueOrDefault(phase) + 1;
            phases.Add(((phase == "main" ? "start" : phase) + (n > 1 ? "#" + n : string.Empty), Ms(previous, at)));
            previous = at;
        }

        phases.Add(("exit", Ms(previous, run.Ended)));
        var written = marks.FirstOrDefault(m => m.Phase == "endpoint").At;
        var noticed = marks.FirstOrDefault(m => m.Phase == "agent").At;
        if (agent is { } a && written > 0 && noticed > 0)
        {
            phases.Add(("agent:watch", Ms(written, a.Seen)));
            phases.Add(("agent:policy", Ms(a.Seen, a.Applied)));
            phases.Add(("agent:route+status", Ms(a.Applied, a.Written)));
            phases.Add(("agent:cni-notices", Ms(a.Written, noticed)));
        }

        // Managed bytes allocated per phase (the plugin's calico-alloc line, same phases in the same order).
        var allocated = new Dictionary<string, double>(StringComparer.Ordinal);
        var allocLine = run.Error.Split('\n').FirstOrDefault(l => l.StartsWith("calico-alloc ", StringComparison.Ordinal));
        if (allocLine is not null)
        {
            var before = 0L;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var part in allocLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2))
            {
                var kv = part.Split('=');
                var bytes = long.Parse(kv[1], CultureInfo.InvariantCulture);
                var n = seen[kv[0]] = seen.GetValueOrDefault(kv[0]) + 1;
                allocated[(kv[0] == "main" ? "start" : kv[0]) + (n > 1 ? "#" + n : string.Empty)] = (bytes - before) / 1024.0;
                before = bytes;
            }
        }

        lock (_series)
        {
            foreach (var (phase, kb) in allocated)
            {
                var key = series + "\0" + phase;
                if (!_allocated.TryGetValue(key, out var kbs))
                {
                    _allocated[key] = kbs = [];
                }

                kbs.Add(kb);
            }

            if (!_series.TryGetValue(series, out var table))
            {
                _series[series] = table = new Dictionary<string, List<double>>(StringComparer.Ordinal);
                _order.Add(series);
            }

            foreach (var (phase, ms) in phases)
            {
                if (!table.TryGetValue(phase, out var list))
                {
                    table[phase] = list = [];
                }

                list.Add(ms);
            }
        }
    }

    public void Print(TextWriter output)
    {
        foreach (var series in _order)
        {
            output.WriteLine();
            output.WriteLine($"phases of {series} (ms)");
            output.WriteLine("| phase | p50 | p99 | mean | managed KB allocated (mean) |");
            output.WriteLine("|---|---|---|---|---|");
            foreach (var (phase, values) in _series[series])
            {
                var kb = _allocated.TryGetValue(series + "\0" + phase, out var k) ? k.Average().ToString("0", CultureInfo.InvariantCulture) : string.Empty;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {phase} | {Exec.Percentile(values, 50):0.00} | {Exec.Percentile(values, 99):0.00} | {values.Average():0.00} | {kb} |"));
            }
        }
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
