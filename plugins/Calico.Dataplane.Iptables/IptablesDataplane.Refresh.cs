using Calico.Sdk.Dataplane;

namespace Calico.Dataplane.Iptables;

/// <summary>The background loop (shared <see cref="DataplaneRefreshLoop"/>): tamper repair and retries with back-off.</summary>
public sealed partial class IptablesDataplane
{
    /// <summary>Runs one refresh check now (what the timer does every interval); for tests and tools.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when our chains or sets had drifted and were repaired.</returns>
    public Task<bool> CheckNowAsync(CancellationToken cancellationToken = default) => _refresh.CheckNowAsync(cancellationToken);

    private DataplaneRefreshLoop StartRefreshLoop() => new(
        _gate,
        HashAsync,
        RefreshReconcileLockedAsync,
        new DataplaneRefreshOptions
        {
            RefreshInterval = _options.RefreshInterval,
            MinRetryDelay = _options.MinRetryDelay,
            MaxRetryDelay = _options.MaxRetryDelay,
        },
        e => Log.RefreshFailed(_logger, e),
        onTick: DestroyDeferredAsync,
        timeProvider: _time);

    // Called by the loop with the gate held: a retry reconciles to the state whose apply failed, a drift repair to
    // the committed state (our chains and sets were changed behind our back).
    private async Task<bool> RefreshReconcileLockedAsync(DataplaneRefreshReason reason, CancellationToken cancellationToken)
    {
        var target = reason == DataplaneRefreshReason.Retry ? _pendingRetry : _live;
        if (target is null)
        {
            return false;
        }

        if (reason == DataplaneRefreshReason.Drift)
        {
            Log.Tampered(_logger);
        }

        await ReconcileLockedAsync(target, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
