using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Benchmarks.Cni;

/// <summary>The node agent the calico ADDs wait for: the real calico-node process, or the in-process stand-in.</summary>
internal abstract class BenchAgent : IAsyncDisposable
{
    /// <summary>Per endpoint, the agent's (seen, applied, written) timestamps; only the stand-in records them.</summary>
    public virtual (long Seen, long Applied, long Written)? Timeline(string endpoint) => null;

    /// <summary>What the agent reported as wrong, for failure messages.</summary>
    public abstract string Problems();

    public abstract ValueTask DisposeAsync();

    /// <summary>The stand-in (tests/Calico.Cni.Tests/Harness/TestAgent.cs): same SDK pieces, one event at a time, and a
    /// timeline per endpoint that splits ADD's wait into watch, policy and route+status.</summary>
    public static async Task<BenchAgent> StandInAsync(NetworkNamespace node, IDatastore store, string nodeName, string runDir)
    {
        var agent = new TestAgent(node, store, nodeName, runDir);
        await agent.InSync.WaitAsync(TimeSpan.FromSeconds(30));
        return new StandIn(agent);
    }

    /// <summary>The real calico-node (Release build of src/Calico.Node) in the node's namespace, on the same SQLite file.</summary>
    public static async Task<BenchAgent> CalicoNodeAsync(NetworkNamespace node, string binary, string sqlitePath, string nodeName, string dir, string runDir)
    {
        var log = new StringBuilder();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = dir,
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
        })
        {
            start.Environment[k] = v;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        node.Run(() => process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var agent = new NodeProcess(process, log);

        // Ready = the agent's node status report says so (the file the plugin reads too), written after the first sync.
        var file = StatusPaths.NodeStatusFile(runDir);
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                break;
            }

            if (File.Exists(file) && JsonSerializer.Deserialize(await File.ReadAllTextAsync(file), StatusJsonContext.Default.NodeAgentStatus) is { Ready: true })
            {
                return agent;
            }

            await Task.Delay(100);
        }

        var problems = agent.Problems();
        await agent.DisposeAsync();
        throw new InvalidOperationException("calico-node did not become ready within 60 s" + problems);
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

    private sealed class StandIn(TestAgent agent) : BenchAgent
    {
        public override (long Seen, long Applied, long Written)? Timeline(string endpoint) =>
            agent.Timeline.TryGetValue(endpoint, out var seen) ? seen : null;

        public override string Problems()
        {
            lock (agent.Errors)
            {
                return agent.Errors.Count == 0 ? " (stand-in agent: no errors)" : " (stand-in agent errors: " + string.Join("; ", agent.Errors) + ")";
            }
        }

        public override ValueTask DisposeAsync() => agent.DisposeAsync();
    }

    private sealed class NodeProcess(Process process, StringBuilder log) : BenchAgent
    {
        public override string Problems()
        {
            lock (log)
            {
                var lines = log.ToString().Split('\n');
                var state = process.HasExited ? $"exited with {process.ExitCode}" : "running";
                return $" (calico-node {state}; last log lines:\n" + string.Join('\n', lines.TakeLast(40)) + ")";
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                await SystemProgram.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], new SystemProgramOptions { SuccessExitCodes = [0, 1] }, CancellationToken.None);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            process.Dispose();
        }
    }
}
