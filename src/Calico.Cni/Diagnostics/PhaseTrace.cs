using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Calico.Cni.Diagnostics;

/// <summary>
/// Where an invocation's time goes, for benchmarks and diagnosis: with <c>CALICO_CNI_TRACE=1</c> in the environment
/// the plugin writes one line to stderr at exit, <c>calico-trace &lt;command&gt; main=&lt;t&gt; &lt;phase&gt;=&lt;t&gt; …</c>,
/// each <c>t</c> the monotonic clock (<see cref="Stopwatch.GetTimestamp"/>, nanoseconds on Linux, comparable between
/// processes) when that phase ended; the caller subtracts its own fork time. Never on stdout (the CNI result), and
/// nothing at all without the variable: the check is one environment read.
/// </summary>
internal static class PhaseTrace
{
    private static readonly List<(string Phase, long At, long Allocated)>? Marks =
        Environment.GetEnvironmentVariable("CALICO_CNI_TRACE") == "1" ? new(24) : null;

    /// <summary>Whether tracing is on.</summary>
    public static bool Enabled => Marks is not null;

    /// <summary>Records that <paramref name="phase"/> ended now.</summary>
    public static void Mark(string phase)
    {
        if (Marks is { } marks)
        {
            lock (marks)
            {
                marks.Add((phase, Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes()));
            }
        }
    }

    /// <summary>Writes the trace line (when tracing is on).</summary>
    public static void Write(TextWriter stderr, string command)
    {
        if (Marks is not { } marks)
        {
            return;
        }

        var line = new StringBuilder("calico-trace ").Append(command);
        lock (marks)
        {
            foreach (var (phase, at, _) in marks)
            {
                line.Append(' ').Append(phase).Append('=').Append(at.ToString(CultureInfo.InvariantCulture));
            }

            // Managed bytes allocated by the end of each phase: fresh heap pages are page faults in a short-lived process.
            line.Append("\ncalico-alloc ").Append(command);
            foreach (var (phase, _, allocated) in marks)
            {
                line.Append(' ').Append(phase).Append('=').Append(allocated.ToString(CultureInfo.InvariantCulture));
            }
        }

        stderr.WriteLine(line.ToString());
    }
}
