using System.Diagnostics;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Datastore;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.Sdk.Status;

namespace Calico.Sdk.Hosting.Agent;

/// <content>Reconciling the dataplane and routers, endpoint and node status files, live Felix changes.</content>
internal sealed partial class NodeAgent
{
    private async Task ReconcileDataplaneAsync(PolicySnapshot snapshot, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await _dataplane!.ReconcileAsync(snapshot, ct).ConfigureAwait(false);
            Metrics.ObserveApply(watch.Elapsed);
            _dataplaneDirty = false;
            _activePolicies.Clear();
            _activePolicies.UnionWith(snapshot.Policies.Keys);
            _activeIpSets.Clear();
            _activeIpSets.UnionWith(snapshot.IpSets.Keys);
        }
        catch (DataplaneApplyException ex)
        {
            Metrics.DataplaneFailed();
            Log.DataplaneFailed(_logger, ex.Message);
            _dataplaneDirty = true;
        }

        Health.Report("dataplane", !_dataplaneDirty && _dataplane!.Status.Ready, true, _dataplane!.Status.LastError);
    }

    private async Task ReconcileRoutersAsync(CancellationToken ct)
    {
        if (_routers.Count == 0)
        {
            _tracker!.State(_localRouting!);
            return;
        }

        var state = _tracker!.State(_tracker.LocalNode ?? _localRouting!);
        _routersDirty = false;
        foreach (var router in _routers)
        {
            try
            {
                await router.ReconcileAsync(state, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RouterFailed(_logger, router.Name, ex.Message);
                _routersDirty = true;
            }
        }

        var missing = _wantedRouters.Where(w => _routers.All(r => r.Name != w)).ToList();
        Health.Report("routing", !_routersDirty && missing.Count == 0, true,
            missing.Count > 0 ? "no router plugin registered for: " + string.Join(", ", missing) : "router reconcile failed; retrying");
    }

    private async Task UpdateEndpointStatusAsync(CancellationToken ct)
    {
        if (_dataplaneDirty)
        {
            return;
        }

        foreach (var (id, (iface, revision)) in _local)
        {
            if (!_routes!.IsInstalled(id) || (_statusWritten.TryGetValue(id, out var written) && written == revision))
            {
                continue;
            }

            // The transaction that carried this revision has returned; the wait confirms it without blocking.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await _dataplane!.WaitForEndpointProgrammedAsync(id, revision, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                continue;
            }

            _status!.WriteEndpoint(new EndpointStatus(id.Namespace!, id.Name, revision ?? string.Empty, iface, "up"));
            _statusWritten[id] = revision;
            Log.EndpointProgrammed(_logger, id.ToString(), revision ?? "?");
        }
    }

    private void TryRoutes(Action action)
    {
        try
        {
            action();
        }
        catch (LinuxSystemException ex)
        {
            Metrics.RouteFailed();
            Log.RouteFailed(_logger, ex.Message);
        }
    }

    private bool ApplyFelixChange()
    {
        FelixSettings newer;
        try
        {
            newer = FelixSettings.Build(_options.Environment, _fileSettings, _nodeFelix, _globalFelix);
        }
        catch (Configuration.NodeConfigurationException ex)
        {
            Log.InvalidInput(_logger, "FelixConfiguration", ex.Message);
            return false;
        }

        var restart = Settings!.RestartRequiredChanges(newer);
        if (restart.Count > 0)
        {
            RequestRestart(string.Join(", ", restart));
            return true;
        }

        var live = Configuration.FelixParameters.All.Where(p => p.Live && Settings.Get(p.Name) != newer.Get(p.Name)).Select(p => p.Name).ToList();
        Settings = newer;
        if (live.Count > 0)
        {
            Log.LiveConfig(_logger, string.Join(", ", live));
        }

        return false;
    }

    private void RequestRestart(string why)
    {
        Log.RestartRequired(_logger, why);
        Health.Report("agent", false, false, "restarting: " + why);
        RestartRequested = true;
        System.Environment.ExitCode = RestartExitCode;
        _lifetime?.StopApplication();
    }

    /// <summary>Whether the agent asked for a restart (configuration it cannot apply live changed).</summary>
    public bool RestartRequested { get; private set; }

    // The gauges follow every applied batch, not only the periodic status report (every ReportingInterval, 30 s by
    // default): a scrape right after a change must see it.
    private void UpdateGauges()
    {
        Metrics.ActiveLocalEndpoints = _local.Count;
        Metrics.ActiveLocalPolicies = _activePolicies.Count;
        Metrics.IpSets = _activeIpSets.Count;
        Metrics.ClusterHosts = _tracker!.NodeCount;
        Metrics.ClusterWorkloadEndpoints = _clusterEndpoints;
    }

    private void WriteNodeStatus()
    {
        _lastReport = _time.GetUtcNow();
        UpdateGauges();
        var peers = _routers.OfType<Calico.Sdk.Routing.IBgpStatusSource>().SelectMany(r => r.GetPeerStatus()).ToList();
        _status!.WriteNode(new NodeAgentStatus(NodeName, DatastoreBootstrap.CalicoVersion, System.Environment.ProcessId, _startedAt, _lastReport, Health.Ready, Health.Live)
        {
            Components = Health.Components,
            BgpPeers = peers,
            Routers = [.. _routers.Select(r => r.Name)],
            Dataplane = _options.DataplaneName,
            ActiveLocalEndpoints = _local.Count,
        });
    }
}
