using System.Collections;
using Calico.Ctl.Cli;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Calico.Ctl.Tests;

/// <summary>Runs calicoctl in-process against one working directory and environment, capturing stdout, stderr and the exit code.</summary>
internal sealed class CtlRunner
{
    public CtlRunner(string workDir, IDictionary<string, string> environment)
    {
        WorkDir = workDir;
        Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
    }

    /// <summary>A fixed clock (2026-01-02 10:00:00 UTC) so that status and report times are stable.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero));

    public string WorkDir { get; }

    public Dictionary<string, string> Environment { get; }

    public string HostRoot { get; set; } = "/";

    public string? SearchPath { get; set; }

    public async Task<CtlResult> RunAsync(string[] args, string? stdin = null)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var env = new Hashtable();
        foreach (var (k, v) in Environment)
        {
            env[k] = v;
        }

        var ctx = new CtlContext
        {
            Out = stdout,
            Err = stderr,
            In = () => new StringReader(stdin ?? string.Empty),
            Environment = env,
            WorkingDirectory = WorkDir,
            Time = Time,
            HostRoot = HostRoot,
            SearchPath = SearchPath,
            CancellationToken = TestContext.Current.CancellationToken,
        };
        var code = await CtlApp.RunAsync(args, ctx);
        return new CtlResult(code, stdout.ToString(), stderr.ToString());
    }

    public Task<CtlResult> RunAsync(string commandLine, string? stdin = null) => RunAsync(Transcript.Split(commandLine), stdin);
}

/// <summary>The outcome of one calicoctl run.</summary>
internal sealed record CtlResult(int ExitCode, string Stdout, string Stderr);
