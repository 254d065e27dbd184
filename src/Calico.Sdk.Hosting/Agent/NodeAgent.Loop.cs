using System.Diagnostics;
using System.Threading.Channels;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Status;

namespace Calico.Sdk.Hosting.Agent;

/// <content>The sync loop: datastore → policy engine → dataplane → routes → routers → status.</content>
internal sealed partial class NodeAgent
{
    private static readonly (ResourceKind Kind, PolicyInputKind Input)[] PolicyKinds =
    [
        (ResourceKinds.WorkloadEndpoint, PolicyInputKind.WorkloadEndpoint),
        (ResourceKinds.HostEndpoint, PolicyInputKind.HostEndpoint),
        (ResourceKinds.NetworkPolicy, PolicyInputKind.NetworkPolicy),
        (ResourceKinds.GlobalNetworkPolicy, PolicyInputKind.GlobalNetworkPolicy),
        (ResourceKinds.StagedNetworkPolicy, PolicyInputKind.StagedNetworkPolicy),
        (ResourceKinds.StagedGlobalNetworkPolicy, PolicyInputKind.StagedGlobalNetworkPolicy),
        (ResourceKinds.KubernetesNetworkPolicy, PolicyInputKind.KubernetesNetworkPolicy),
        (ResourceKinds.Tier, PolicyInputKind.Tier),
        (ResourceKinds.Profile, PolicyInputKind.Profile),
        (ResourceKinds.NetworkSet, PolicyInputKind.NetworkSet),
        (ResourceKinds.GlobalNetworkSet, PolicyInputKind.GlobalNetworkSet),
    ];

    private readonly List<PolicyUpdate> _pendingPolicy = [];
    private readonly Dictionary<EndpointId, (string Interface, string? Revision)> _local = [];
    private readonly Dictionary<EndpointId, string?> _statusWritten = [];
    private readonly HashSet<PolicyId> _activePolicies = [];
    private readonly HashSet<string> _activeIpSets = new(StringComparer.Ordinal);
    private readonly Lock _containersLock = new();
    private readonly Dictionary<(string, string), (string? ContainerId, string? Pod)> _localContainers = [];
    private long _clusterEndpoints;
    private bool _sawInSync;
    private bool _applied;
    private bool _dataplaneDirty;
    private bool _routersDirty;
    private bool _routingChanged;
    private bool _felixChanged;
    private bool _rebuildLocal;
    private DateTimeOffset _lastRouteRefresh;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    private async Task SyncLoopAsync(CancellationToken ct)
    {
        var kinds = PolicyKinds.Select(k => k.Kind)
            .Concat([ResourceKinds.Node, ResourceKinds.IPAMBlock, ResourceKinds.IPPool, ResourceKinds.FelixConfiguration]).ToList();
        var channel = Channel.CreateBounded<SyncEvent?>(new BoundedChannelOptions(1024) { SingleReader = true });
        Metrics.ResyncStarted();
        var pump = PumpAsync(kinds, channel.Writer, ct);
        using var timer = new PeriodicTimer(_options.RetryInterval, _time);
        var ticker = TickAsync(timer, channel.Writer, ct);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            var tick = false;
            for (var n = 0; n < 5000 && reader.TryRead(out var e); n++)
            {
                if (e is null)
                {
                    tick = true;
                }
                else
                {
                    Handle(e);
                }
            }

            if (!_sawInSync)
            {
                continue;
            }

            if (!_applied)
            {
                await FirstApplyAsync(ct).ConfigureAwait(false);
                _applied = true;
                _inSync.TrySetResult();
            }
            else
            {
                await ApplyBatchAsync(ct).ConfigureAwait(false);
            }

            if (tick)
            {
                await OnTickAsync(ct).ConfigureAwait(false);
            }
        }

        await pump.ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
    }

    private async Task PumpAsync(List<ResourceKind> kinds, ChannelWriter<SyncEvent?> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in _store.SyncAsync(kinds, ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(e, ct).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private static async Task TickAsync(PeriodicTimer timer, ChannelWriter<SyncEvent?> writer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                writer.TryWrite(null);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Handle(SyncEvent e)
    {
        switch (e.Type)
        {
            case SyncEventType.InSync:
                _sawInSync = true;
                Metrics.InSync = true;
                Health.Report("datastore", true);
                return;
            case SyncEventType.Resync:
                Metrics.ResyncStarted();
                Metrics.InSync = false;
                return;
        }

        var change = e.Change!;
        if (_tracker!.Apply(change))
        {
            _routingChanged = true;
            return;
        }

        if (change.Kind == ResourceKinds.FelixConfiguration)
        {
            var config = change.Type is WatchEventType.Deleted or WatchEventType.DecodeError ? null : change.Object as FelixConfiguration;
            if (change.Name == "default")
            {
                _globalFelix = config;
                _felixChanged = true;
            }
            else if (change.Name == "node." + NodeName)
            {
                _nodeFelix = config;
                _felixChanged = true;
            }

            return;
        }

        foreach (var (kind, input) in PolicyKinds)
        {
            if (kind != change.Kind)
            {
                continue;
            }

            var gone = change.Type is WatchEventType.Deleted or WatchEventType.DecodeError || change.Object is null;
            if (input == PolicyInputKind.WorkloadEndpoint)
            {
                TrackWorkload(change, gone);
            }

            _pendingPolicy.Add(gone ? PolicyUpdate.Delete(input, change.Namespace, change.Name) : PolicyUpdate.Upsert(change.Object!));
            return;
        }
    }

    private void TrackWorkload(WatchEvent change, bool gone)
    {
        _clusterEndpoints += change.Type switch
        {
            WatchEventType.Added => 1,
            WatchEventType.Deleted => -1,
            _ => 0,
        };
        var key = (change.Namespace ?? string.Empty, change.Name);
        lock (_containersLock)
        {
            if (!gone && change.Object is WorkloadEndpoint wep && wep.Spec.Node == NodeName)
            {
                _localContainers[key] = (wep.Spec.ContainerId, wep.Spec.Pod);
            }
            else
            {
                _localContainers.Remove(key);
            }
        }
    }

    private async Task FirstApplyAsync(CancellationToken ct)
    {
        var delta = ApplyToEngine();
        TrackActive(delta);
        var snapshot = _engine!.Snapshot();
        await ReconcileDataplaneAsync(snapshot, ct).ConfigureAwait(false);
        SyncLocalFromSnapshot(snapshot);

        TryRoutes(() => _routes!.SetBlackholes(_tracker!.LocalBlocks));
        TryRoutes(() => _routes!.Reconcile());
        _lastRouteRefresh = _time.GetUtcNow();
        _routingChanged = false;
        await ReconcileRoutersAsync(ct).ConfigureAwait(false);
        foreach (var (ns, name) in _status!.ListEndpoints().ToList())
        {
            if (!_local.ContainsKey(EndpointId.Workload(ns, name)))
            {
                _status.DeleteEndpoint(ns, name);
            }
        }

        await UpdateEndpointStatusAsync(ct).ConfigureAwait(false);
        Log.InSync(_logger, _local.Count, _tracker!.NodeCount);
        WriteNodeStatus();
    }

    private async Task ApplyBatchAsync(CancellationToken ct)
    {
        if (_felixChanged)
        {
            _felixChanged = false;
            if (ApplyFelixChange())
            {
                return;
            }
        }

        if (_pendingPolicy.Count > 0)
        {
            var delta = ApplyToEngine();
            TrackActive(delta);
            // Every delta is applied, empty ones too: the dataplane requires consecutive generations.
            if (!_dataplaneDirty)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await _dataplane!.ApplyAsync(delta, ct).ConfigureAwait(false);
                    Metrics.ObserveApply(watch.Elapsed);
                    Health.Report("dataplane", _dataplane.Status.Ready, true, _dataplane.Status.LastError);
                }
                catch (Exception ex) when (ex is DataplaneApplyException or InvalidOperationException)
                {
                    Metrics.DataplaneFailed();
                    Log.DataplaneFailed(_logger, ex.Message);
                    _dataplaneDirty = true;
                    Health.Report("dataplane", _dataplane!.Status.Ready, true, ex.Message);
                }
            }

            if (_rebuildLocal)
            {
                _rebuildLocal = false;
                SyncLocalFromSnapshot(_engine!.Snapshot());
            }
            else
            {
                SetLocal(delta.EndpointUpdates, delta.EndpointRemovals);
            }
        }

        if (_routingChanged)
        {
            _routingChanged = false;
            var wanted = RouterSelection.Wanted(_startup!.NetworkingBackend, _tracker!.Pools);
            if (!wanted.SetEquals(_wantedRouters))
            {
                RequestRestart("IP pool encapsulation (routers " + string.Join(",", _wantedRouters) + " -> " + string.Join(",", wanted) + ")");
                return;
            }

            var vxlanFamilies = VxlanFamilies([.. _tracker.Pools]);
            if (_wantedRouters.Contains("vxlan") && vxlanFamilies != _vxlanFamilies)
            {
                RequestRestart("VXLAN pool families (" + _vxlanFamilies + " -> " + vxlanFamilies + "): tunnel addresses are allocated at start-up");
                return;
            }

            TryRoutes(() => _routes!.SetBlackholes(_tracker.LocalBlocks));
            var update = _tracker.TakeUpdate();
            if (!update.IsEmpty && !_routersDirty)
            {
                foreach (var router in _routers)
                {
                    try
                    {
                        await router.ApplyAsync(update, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Log.RouterFailed(_logger, router.Name, ex.Message);
                        _routersDirty = true;
                        Health.Report("routing", false, true, router.Name + ": " + ex.Message);
                    }
                }
            }
        }

        await UpdateEndpointStatusAsync(ct).ConfigureAwait(false);
        UpdateGauges();
    }

    private async Task OnTickAsync(CancellationToken ct)
    {
        if (_dataplaneDirty)
        {
            await ReconcileDataplaneAsync(_engine!.Snapshot(), ct).ConfigureAwait(false);
        }

        if (_routersDirty)
        {
            await ReconcileRoutersAsync(ct).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        if (now - _lastRouteRefresh >= Settings!.RouteRefreshInterval)
        {
            _lastRouteRefresh = now;
            TryRoutes(() => _routes!.Reconcile());
        }
        else if (_routes!.Pending.Any())
        {
            TryRoutes(() => _routes.RetryPending());
        }

        await UpdateEndpointStatusAsync(ct).ConfigureAwait(false);
        if (now - _lastReport >= Settings.ReportingInterval)
        {
            WriteNodeStatus();
        }
    }
}
