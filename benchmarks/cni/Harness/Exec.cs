using System.Diagnostics;
using Calico.Sdk.Linux;

namespace Calico.Benchmarks.Cni;

/// <summary>One plugin run: exit code, stdout, stderr, and the monotonic fork and exit times.</summary>
internal sealed record ExecResult(int Exit, string Output, string Error, long Started, long Ended)
{
    public double Ms => Stopwatch.GetElapsedTime(Started, Ended).TotalMilliseconds;
}

/// <summary>Runs one plugin invocation inside the node namespace and times it from fork to exit.</summary>
internal static class Exec
{
    public static ExecResult Run(NetworkNamespace node, string program, IReadOnlyDictionary<string, string> env, string stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var process = new Process { StartInfo = start };
        var t0 = Stopwatch.GetTimestamp();
        node.Run(() => process.Start());
        try
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin exited without reading stdin (ptp's VERSION does): nothing to send.
        }

        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var t1 = Stopwatch.GetTimestamp();
        return new ExecResult(process.ExitCode, output, error.GetAwaiter().GetResult(), t0, t1);
    }

    public static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
