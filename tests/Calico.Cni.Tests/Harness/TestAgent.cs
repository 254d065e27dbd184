using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;

namespace Calico.Cni.Tests.Harness;

/// <summary>
/// A stand-in for the node agent, built from SDK pieces, for one node namespace: syncs policy resources and this
/// node's WorkloadEndpoints, feeds the policy engine, applies deltas to the nftables dataplane, installs each local
/// endpoint's /32 (/128) route to its host interface, and writes the endpoint status file once the endpoint's
/// revision is programmed — the contract the CNI plugin's ADD waits on.
/// </summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private static readonly ResourceKind[] Kinds =
    [
        ResourceKinds.Tier, ResourceKinds.Profile, ResourceKinds.NetworkPolicy, ResourceKinds.GlobalNetworkPolicy, ResourceKinds.WorkloadEndpoint,
    ];

    private readonly NetworkNamespace _node;
    private readonly IDatastore _store;
    private readonly string _nodeName;
    private readonly string _runDir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly NftablesDataplane _dataplane;
    private readonly PolicyEngine _engine = new();
    private readonly TaskCompletionSource _inSync = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestAgent(NetworkNamespace node, IDatastore store, string nodeName, string runDir, bool ready = true, bool live = true)
    {
        _node = node;
        _store = store;
        _nodeName = nodeName;
        _runDir = runDir;
        _dataplane = new NftablesDataplane(new NftablesDataplaneOptions { Namespace = node, RefreshInterval = TimeSpan.FromMinutes(5) });
        WriteAtomic(StatusPaths.NodeStatusFile(runDir), JsonSerializer.SerializeToUtf8Bytes(
            new NodeAgentStatus(nodeName, "test", Environment.ProcessId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, ready, live),
            StatusJsonContext.Default.NodeAgentStatus));
        _loop = Task.Run(() => RunOrRecordAsync(_stop.Token));
    }

    /// <summary>Completes when the first snapshot is programmed (a benchmark starts timing only after it).</summary>
    public Task InSync => _inSync.Task;

    /// <summary>Failures of the loop (a test asserts none happened).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>
    /// Per endpoint name, monotonic timestamps (<see cref="Stopwatch.GetTimestamp"/>) of its last upsert: when the
    /// sync delivered it, when its policy was committed to nftables, when its status file was written. The CNI
    /// benchmark lines these up with the plugin's own trace to split ADD's wait for the agent.
    /// </summary>
    public ConcurrentDictionary<string, (long Seen, long Applied, long Written)> Timeline { get; } = new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await _dataplane.DisposeAsync();
        _stop.Dispose();
    }

    private async Task RunOrRecordAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A dead loop would otherwise show only as an ADD waiting 30 s for a status file nobody writes.
            lock (Errors)
            {
                Errors.Add("agent loop stopped: " + e);
            }
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var pending = new List<PolicyUpdate>();
        var synced = false;
        await foreach (var ev in _store.SyncAsync(Kinds, ct))
        {
            if (ev.Type == SyncEventType.InSync)
            {
                synced = true;
                _engine.Apply([.. pending]);
                await _dataplane.ReconcileAsync(_engine.Snapshot(), ct);

                // Endpoints that were already there when the sync listed them (an ADD that ran while this agent was
                // starting) get their route and status file like those that arrive later.
                foreach (var wep in pending.Select(p => p.Resource).OfType<WorkloadEndpoint>())
                {
                    await ProgrammedAsync(wep, ct);
                }

                pending.Clear();
                _inSync.TrySetResult();
                continue;
            }

            if (ev.Change is not { } change || change.Type == WatchEventType.DecodeError)
            {
                continue;
            }

            var update = ToUpdate(change);
            if (update is null)
            {
                continue;
            }

            if (!synced)
            {
                pending.Add(update);
                continue;
            }

            try
            {
                var seen = Stopwatch.GetTimestamp();
                var delta = _engine.Apply([update]);
                await _dataplane.ApplyAsync(delta, ct);
                if (!update.IsDelete && change.Object is WorkloadEndpoint wep)
                {
                    var applied = Stopwatch.GetTimestamp();
                    await ProgrammedAsync(wep, ct);
                    Timeline[wep.Metadata.Name!] = (seen, applied, Stopwatch.GetTimestamp());
                }
                else if (change.Kind == ResourceKinds.WorkloadEndpoint)
                {
                    File.Delete(StatusPaths.EndpointStatusFile(_runDir, change.Namespace!, change.Name));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lock (Errors)
                {
                    Errors.Add(change + ": " + e.Message);
                }
            }
        }
    }

    private PolicyUpdate? ToUpdate(WatchEvent change)
    {
        if (change.Object is WorkloadEndpoint w && w.Spec.Node != _nodeName)
        {
            return null; // another node's endpoint
        }

        // A deletion may carry the object's last state: it is still a deletion.
        if (change.Type != WatchEventType.Deleted && change.Object is { } r)
        {
            return PolicyUpdate.Upsert(r);
        }

        var kind = change.Kind == ResourceKinds.WorkloadEndpoint ? PolicyInputKind.WorkloadEndpoint
            : change.Kind == ResourceKinds.Profile ? PolicyInputKind.Profile
            : change.Kind == ResourceKinds.NetworkPolicy ? PolicyInputKind.NetworkPolicy
            : change.Kind == ResourceKinds.GlobalNetworkPolicy ? PolicyInputKind.GlobalNetworkPolicy
            : PolicyInputKind.Tier;
        return PolicyUpdate.Delete(kind, change.Namespace, change.Name);
    }

    private async Task ProgrammedAsync(WorkloadEndpoint wep, CancellationToken ct)
    {
        var ns = wep.Metadata.Namespace!;
        var name = wep.Metadata.Name!;
        using (var netlink = NetlinkRoute.Open(_node))
        {
            var link = netlink.GetLink(wep.Spec.InterfaceName!) ?? throw new InvalidOperationException($"interface {wep.Spec.InterfaceName} missing");
            foreach (var cidr in wep.Spec.IpNetworks ?? [])
            {
                var network = IPNetwork.Parse(cidr);
                netlink.ReplaceRoute(new RouteInfo(network) { OutputInterface = link.Index, Scope = RouteScope.Link, Protocol = RouteProtocol.Calico });
            }
        }

        await _dataplane.WaitForEndpointProgrammedAsync(EndpointId.Workload(ns, name), wep.Metadata.ResourceVersion, ct);
        WriteAtomic(
            StatusPaths.EndpointStatusFile(_runDir, ns, name),
            JsonSerializer.SerializeToUtf8Bytes(new EndpointStatus(ns, name, wep.Metadata.ResourceVersion!, wep.Spec.InterfaceName!, "up"), StatusJsonContext.Default.EndpointStatus));
    }

    private static void WriteAtomic(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    internal static bool IsV6(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6;
}
