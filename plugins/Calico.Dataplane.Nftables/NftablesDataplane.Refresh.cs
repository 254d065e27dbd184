using Calico.Sdk.Dataplane;

namespace Calico.Dataplane.Nftables;

/// <summary>The background loop (shared <see cref="DataplaneRefreshLoop"/>): tamper repair and retries with back-off.</summary>
public sealed partial class NftablesDataplane
{
    /// <summary>Runs one refresh check now (what the timer does every interval); for tests and tools.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the table had drifted and was repaired.</returns>
    public Task<bool> CheckNowAsync(CancellationToken cancellationToken = default) => _refresh.CheckNowAsync(cancellationToken);

    private DataplaneRefreshLoop StartRefreshLoop() => new(
        _gate,
        _nft.HashAsync,
        RefreshReconcileLockedAsync,
        new DataplaneRefreshOptions
        {
            RefreshInterval = _options.RefreshInterval,
            MinRetryDelay = _options.MinRetryDelay,
            MaxRetryDelay = _options.MaxRetryDelay,
        },
        e => Log.RefreshFailed(_logger, _layout.Qualified, e),
        timeProvider: _time);

    // Called by the loop with the gate held: a retry reconciles to the state whose apply failed, a drift repair to
    // the committed state (the table were changed behind our back).
    private async Task<bool> RefreshReconcileLockedAsync(DataplaneRefreshReason reason, CancellationToken cancellationToken)
    {
        var target = reason == DataplaneRefreshReason.Retry ? _pendingRetry : _live;
        if (target is null)
        {
            return false;
        }

        if (reason == DataplaneRefreshReason.Drift)
        {
            Log.Tampered(_logger, _layout.Qualified);
        }

        await ReconcileLockedAsync(target, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
