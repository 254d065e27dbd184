using System.Diagnostics;

namespace Calico.TestSupport.Etcd;

/// <summary>Runs a helper program (ip, nft, openssl, etcdctl) to completion and captures its output.</summary>
public static class Shell
{
    /// <summary>The exit code and captured output of a finished program.</summary>
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs a program to completion (30 s default timeout), feeding <paramref name="stdin"/> when given.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }

        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in {timeout}");
        }

        return new Result(p.ExitCode, await outTask, await errTask);
    }

    /// <summary>Runs a program and throws with its stderr when it fails.</summary>
    public static async Task<string> CheckAsync(string program, params string[] args)
    {
        var r = await RunAsync(program, args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{program} {string.Join(' ', args)}` exited {r.ExitCode}: {r.StdErr.Trim()}");
        }

        return r.StdOut;
    }
}
