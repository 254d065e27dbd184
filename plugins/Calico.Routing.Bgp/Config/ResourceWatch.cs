using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Extensions.Logging;

namespace Calico.Routing.Bgp.Config;

/// <summary>
/// Keeps the BGP resources (BGPConfiguration, BGPPeer, BGPFilter, Node) current from one datastore sync (list, then
/// watch), so a change takes effect without a restart. Bursts are coalesced: the consumer is called with the newest
/// complete state, never with a half-applied resync, and never concurrently with itself.
/// </summary>
internal sealed partial class ResourceWatch : IAsyncDisposable
{
    private static readonly ResourceKind[] Kinds = [ResourceKinds.BGPConfiguration, ResourceKinds.BGPPeer, ResourceKinds.BGPFilter, ResourceKinds.Node];
    private readonly IDatastore _datastore;
    private readonly Func<CalicoResources, CancellationToken, Task> _changed;
    private readonly ILogger _log;
    private readonly object _lock = new();
    private readonly Dictionary<(ResourceKind Kind, string Name), Resource> _objects = [];
    private readonly TaskCompletionSource<CalicoResources> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private bool _inSync;
    private bool _dirty;
    private Task? _pump;
    private Task? _deliver;

    public ResourceWatch(IDatastore datastore, Func<CalicoResources, CancellationToken, Task> changed, ILogger log)
    {
        _datastore = datastore;
        _changed = changed;
        _log = log;
    }

    /// <summary>Changes delivered to the consumer since the first state (for tests and diagnostics).</summary>
    public int Deliveries { get; private set; }

    /// <summary>Starts the sync and returns the first complete state.</summary>
    public async Task<CalicoResources> StartAsync(CancellationToken cancellationToken)
    {
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
        _deliver = Task.Run(() => DeliverAsync(_stop.Token), CancellationToken.None);
        return await _first.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { _pump, _deliver })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _datastore.SyncAsync(Kinds, cancellationToken).ConfigureAwait(false))
            {
                CalicoResources? first = null;
                bool release;
                lock (_lock)
                {
                    switch (e.Type)
                    {
                        case SyncEventType.Resync:
                            _inSync = false;
                            break;
                        case SyncEventType.InSync:
                            _inSync = true;
                            if (!_first.Task.IsCompleted)
                            {
                                first = Snapshot();
                            }
                            else
                            {
                                _dirty = true;
                            }

                            break;
                        case SyncEventType.Change when e.Change is { } change:
                            Apply(change);
                            _dirty |= _inSync && _first.Task.IsCompleted;
                            break;
                    }

                    release = _dirty;
                }

                if (first is not null)
                {
                    _first.TrySetResult(first);
                }
                else if (release)
                {
                    _signal.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _first.TrySetCanceled(cancellationToken);
        }
        catch (Exception error)
        {
            LogWatchFailed(_log, error.Message);
            _first.TrySetException(error);
        }
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            CalicoResources state;
            lock (_lock)
            {
                if (!_dirty || !_inSync)
                {
                    continue;
                }

                _dirty = false;
                state = Snapshot();
            }

            try
            {
                await _changed(state, cancellationToken).ConfigureAwait(false);
                Deliveries++;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The consumer logs and keeps its previous state; the next change (or reconcile) tries again.
                LogApplyFailed(_log, error.Message);
            }
        }
    }

    private void Apply(WatchEvent change)
    {
        var key = (change.Kind, change.Name);
        if (change.Type is WatchEventType.Deleted or WatchEventType.DecodeError || change.Object is null)
        {
            _objects.Remove(key);
        }
        else
        {
            _objects[key] = change.Object;
        }
    }

    private CalicoResources Snapshot() => new(
        [.. _objects.Values.OfType<BGPConfiguration>()],
        [.. _objects.Values.OfType<BGPPeer>()],
        [.. _objects.Values.OfType<BGPFilter>()],
        [.. _objects.Values.OfType<Node>()]);

    [LoggerMessage(Level = LogLevel.Error, Message = "BGP resource watch failed: {Error}")]
    private static partial void LogWatchFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP configuration change not applied: {Error}")]
    private static partial void LogApplyFailed(ILogger logger, string error);
}
