using System.Diagnostics;
using System.Text;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;

namespace Calico.Benchmarks.Cni;

/// <summary>The node agent the calico ADDs wait for: the real calico-node process, or the in-process stand-in.</summary>
internal abstract class BenchAgent : IAsyncDisposable
{
    /// <summary>Per endpoint, the agent's (seen, applied, written) timestamps; only the stand-in records them.</summary>
    public virtual (long Seen, long Applied, long Written)? Timeline(string endpoint) => null;

    /// <summary>CPU time the agent process has used so far (user + system); null for the in-process stand-in.</summary>
    public virtual TimeSpan? CpuTime => null;

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
        var process = CalicoNodeProcess.Start(node, binary, CalicoNodeProcess.Environment(nodeName, sqlitePath, dir, runDir), log);
        var agent = new NodeProcess(process, log);
        if (await CalicoNodeProcess.WaitReadyAsync(process, runDir, CancellationToken.None))
        {
            return agent;
        }

        var problems = agent.Problems();
        await agent.DisposeAsync();
        throw new InvalidOperationException("calico-node did not become ready within 60 s" + problems);
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
        public override TimeSpan? CpuTime
        {
            get
            {
                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

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
            await CalicoNodeProcess.StopAsync(process);
            process.Dispose();
        }
    }
}
