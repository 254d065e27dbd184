using Calico.Sdk.Dataplane;

namespace Calico.Dataplane.Iptables;

/// <summary>The background loop: tamper detection, hash recording after commits, retries with back-off.</summary>
public sealed partial class IptablesDataplane
{
    private readonly Lock _wakeLock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _expectedHash;

    private TimeSpan QuietPeriod => _options.RefreshInterval < TimeSpan.FromSeconds(1) ? _options.RefreshInterval : TimeSpan.FromSeconds(1);

    /// <summary>Runs one refresh check now (what the timer does every interval); for tests and tools.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when our chains or sets had drifted and were repaired.</returns>
    public async Task<bool> CheckNowAsync(CancellationToken cancellationToken = default)
    {
        if (_live is null)
        {
            return false;
        }

        if (_expectedHash is null)
        {
            await RecordHashAsync(cancellationToken).ConfigureAwait(false);
        }

        return await CheckAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Wake()
    {
        lock (_wakeLock)
        {
            _wake.TrySetResult();
        }
    }

    private async Task RefreshLoopAsync(CancellationToken stopping)
    {
        var retryDelay = _options.MinRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            Task wake;
            lock (_wakeLock)
            {
                wake = _wake.Task;
            }

            var delay = _pendingRetry is not null ? retryDelay : _options.RefreshInterval;
            var timer = Task.Delay(delay, _time, stopping);
            var woken = await Task.WhenAny(wake, timer).ConfigureAwait(false);
            stopping.ThrowIfCancellationRequested();
            if (woken == wake)
            {
                lock (_wakeLock)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            try
            {
                if (_pendingRetry is not null)
                {
                    if (woken == timer)
                    {
                        retryDelay = await RetryAsync(retryDelay, stopping).ConfigureAwait(false);
                    }

                    continue;
                }

                retryDelay = _options.MinRetryDelay;
                if (_live is null)
                {
                    continue;
                }

                if (woken == timer)
                {
                    await DestroyDeferredAsync(stopping).ConfigureAwait(false);
                }

                if (_expectedHash is null)
                {
                    // Record the committed state's hash once commits pause: listing big tables after every
                    // commit of a burst would compete with the commits themselves.
                    var serial = Interlocked.Read(ref _commitSerial);
                    await Task.Delay(QuietPeriod, _time, stopping).ConfigureAwait(false);
                    if (Interlocked.Read(ref _commitSerial) == serial)
                    {
                        await RecordHashAsync(stopping).ConfigureAwait(false);
                    }
                }
                else if (woken == timer)
                {
                    await CheckAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RefreshFailed(_logger, e);
            }
        }
    }

    private async Task<TimeSpan> RetryAsync(TimeSpan retryDelay, CancellationToken stopping)
    {
        await _gate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            if (_pendingRetry is { } pending)
            {
                await ReconcileLockedAsync(pending, stopping).ConfigureAwait(false);
            }

            return _options.MinRetryDelay;
        }
        catch (DataplaneApplyException)
        {
            var doubled = retryDelay * 2;
            return doubled > _options.MaxRetryDelay ? _options.MaxRetryDelay : doubled;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Listing runs outside the gate so applies never wait for it; a commit during the listing makes it void.
    private async Task RecordHashAsync(CancellationToken cancellationToken)
    {
        var serial = Interlocked.Read(ref _commitSerial);
        var hash = await HashAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Read(ref _commitSerial) == serial)
        {
            _expectedHash = hash;
        }
    }

    private async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var serial = Interlocked.Read(ref _commitSerial);
        var expected = _expectedHash;
        if (expected is null)
        {
            return false;
        }

        var hash = await HashAsync(cancellationToken).ConfigureAwait(false);
        if (hash == expected || Interlocked.Read(ref _commitSerial) != serial)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _commitSerial) != serial || _live is not { } live)
            {
                return false; // something was committed meanwhile; the next check compares against that
            }

            Log.Tampered(_logger);
            await ReconcileLockedAsync(live, cancellationToken).ConfigureAwait(false);
            await RecordHashAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
