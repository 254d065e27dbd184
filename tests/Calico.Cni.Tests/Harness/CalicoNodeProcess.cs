using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Calico.Sdk.Linux;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Tests.Harness;

/// <summary>
/// The real calico-node as a CNI node's agent: started in the node's network namespace (as on a host) on the node's
/// SQLite file, no networking backend, its output collected. Shared by the containerd test and the CNI benchmark
/// (which links this file).
/// </summary>
internal static class CalicoNodeProcess
{
    /// <summary>The environment of an agent for <paramref name="nodeName"/>; <paramref name="runDir"/> gets its status files.</summary>
    public static Dictionary<string, string> Environment(string nodeName, string sqlitePath, string dir, string runDir, bool debugLog = false)
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = dir,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["NODENAME"] = nodeName,
            ["DATASTORE_TYPE"] = "sqlite",
            ["SQLITE_PATH"] = sqlitePath,
            ["IP"] = "autodetect",
            ["IP_AUTODETECTION_METHOD"] = "interface=uplink0",
            ["CALICO_NETWORKING_BACKEND"] = "none",
            ["NO_DEFAULT_POOLS"] = "true",
            ["CALICO_VAR_LIB_DIR"] = Path.Combine(dir, "lib"),
            ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = runDir,
            ["FELIX_HEALTHHOST"] = "127.0.0.1",
            ["FELIX_IPV6SUPPORT"] = "false",
            ["CALICO_IPAM_GC_INTERVAL"] = "0",
        };
        if (debugLog)
        {
            env["FELIX_LOGSEVERITYSCREEN"] = "debug";
        }

        // The runtime's own knobs pass through (DOTNET_PerfMapEnabled for perf, GC settings), so a profiling run of a
        // test or benchmark sees the agent as it was asked to run.
        foreach (var (key, value) in System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value)))
        {
            if (key.StartsWith("DOTNET_", StringComparison.Ordinal) && value is not null)
            {
                env.TryAdd(key, value);
            }
        }

        return env;
    }

    /// <summary>Starts <paramref name="binary"/> inside <paramref name="node"/> with exactly <paramref name="environment"/>;
    /// its stdout and stderr lines go to <paramref name="log"/>.</summary>
    public static Process Start(NetworkNamespace node, string binary, IReadOnlyDictionary<string, string> environment, StringBuilder log)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        node.Run(() => process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether the agent's node status report (written after its first sync) says it is ready.</summary>
    public static async Task<bool> IsReadyAsync(string runDir, CancellationToken cancellationToken)
    {
        var file = StatusPaths.NodeStatusFile(runDir);
        return File.Exists(file)
            && JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, cancellationToken), StatusJsonContext.Default.NodeAgentStatus) is { Ready: true };
    }

    /// <summary>SIGTERM, then up to 20 s for a clean exit, then SIGKILL.</summary>
    public static async Task StopAsync(Process agent)
    {
        if (agent.HasExited)
        {
            return;
        }

        await SystemProgram.RunAsync("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)], new SystemProgramOptions { SuccessExitCodes = [0, 1] }, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await agent.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits up to 60 s for the agent's readiness; false when it exited or was not ready by then.</summary>
    public static async Task<bool> WaitReadyAsync(Process agent, string runDir, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600 && !agent.HasExited; i++)
        {
            if (await IsReadyAsync(runDir, cancellationToken))
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    /// <summary>The collected output, under a heading.</summary>
    public static string Format(StringBuilder log)
    {
        lock (log)
        {
            return "\n--- calico-node log\n" + log;
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
