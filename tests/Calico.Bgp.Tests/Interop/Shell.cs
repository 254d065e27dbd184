using System.Diagnostics;

namespace Calico.Bgp.Tests.Interop;

/// <summary>Runs short commands (ip, birdc, gobgp, vtysh) and waits for conditions.</summary>
internal static class Shell
{
    public static string Run(string file, params string[] args)
    {
        var (code, output) = TryRun(file, args);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {output}");
    }

    public static (int Code, string Output) TryRun(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> and the last observation.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 30, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail("timed out waiting for " + what + (describe is null ? string.Empty : ": " + describe()));
    }
}
