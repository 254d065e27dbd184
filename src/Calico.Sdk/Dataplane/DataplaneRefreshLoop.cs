namespace Calico.Sdk.Dataplane;

/// <summary>
/// The background loop of a dataplane plugin, for dataplane plugin authors: after commits pause it records a hash
/// of what the dataplane owns in the kernel, every refresh interval it compares that hash and repairs drift
/// (tampering) with a full reconcile, and after a failed apply it retries with exponential back-off. The plugin
/// reports its commits (<see cref="Committed"/>) and failures (<see cref="Failed"/>); the loop calls back under the
/// plugin's apply gate, so it never runs concurrently with an apply.
/// </summary>
public sealed class DataplaneRefreshLoop : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate;
    private readonly Func<CancellationToken, Task<string?>> _hashAsync;
    private readonly Func<DataplaneRefreshReason, CancellationToken, Task<bool>> _reconcileLockedAsync;
    private readonly DataplaneRefreshOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<Exception> _onError;
    private readonly Func<CancellationToken, Task>? _onTick;
    private readonly Lock _wakeLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _expectedHash;
    private volatile bool _retryPending;
    private volatile bool _committed;
    private long _commitSerial;
    private int _disposed;

    /// <summary>Starts the loop.</summary>
    /// <param name="gate">The plugin's apply gate (held by every apply and reconcile); the loop takes it around callbacks.</param>
    /// <param name="hashAsync">Reads what the dataplane owns in the kernel and hashes it, or null when there is nothing to compare yet (runs outside the gate).</param>
    /// <param name="reconcileLockedAsync">
    /// Called with the gate held: for <see cref="DataplaneRefreshReason.Retry"/>, reconcile to the state whose apply
    /// failed; for <see cref="DataplaneRefreshReason.Drift"/>, reconcile to the committed state. Returns false when
    /// there was nothing to do. A <see cref="DataplaneApplyException"/> doubles the retry delay.
    /// </param>
    /// <param name="options">The timings (validated here).</param>
    /// <param name="onError">Told of each failed refresh (for logging); the loop carries on.</param>
    /// <param name="onTick">Called on every timer tick outside the gate, before the drift check (e.g. deferred clean-up), or null.</param>
    /// <param name="timeProvider">The clock for the timers, or null for the system clock.</param>
    /// <exception cref="ArgumentException">A timing is invalid.</exception>
    public DataplaneRefreshLoop(
        SemaphoreSlim gate,
        Func<CancellationToken, Task<string?>> hashAsync,
        Func<DataplaneRefreshReason, CancellationToken, Task<bool>> reconcileLockedAsync,
        DataplaneRefreshOptions options,
        Action<Exception> onError,
        Func<CancellationToken, Task>? onTick = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(hashAsync);
        ArgumentNullException.ThrowIfNull(reconcileLockedAsync);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onError);
        options.Validate();
        _gate = gate;
        _hashAsync = hashAsync;
        _reconcileLockedAsync = reconcileLockedAsync;
        _options = options;
        _onError = onError;
        _onTick = onTick;
        _time = timeProvider ?? TimeProvider.System;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    private TimeSpan QuietPeriod => _options.RefreshInterval < TimeSpan.FromSeconds(1) ? _options.RefreshInterval : TimeSpan.FromSeconds(1);

    /// <summary>Reports a successful commit (call with the gate held): the hash is recorded anew once commits pause.</summary>
    public void Committed()
    {
        _committed = true;
        _retryPending = false;
        Interlocked.Increment(ref _commitSerial);
        _expectedHash = null;
        Wake();
    }

    /// <summary>Reports a failed apply (call with the gate held): the loop retries with back-off until one succeeds.</summary>
    public void Failed()
    {
        _retryPending = true;
        Wake();
    }

    /// <summary>Runs one drift check now (what the timer does every interval); for tests and tools.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the kernel state had drifted and was repaired.</returns>
    public async Task<bool> CheckNowAsync(CancellationToken cancellationToken = default)
    {
        if (!_committed)
        {
            return false;
        }

        if (_expectedHash is null)
        {
            await RecordHashAsync(cancellationToken).ConfigureAwait(false);
        }

        return await CheckAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the loop (and waits for it); the kernel state is left as it is.</summary>
    /// <returns>The stop.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on stop.
        }

        _stopping.Dispose();
    }

    private void Wake()
    {
        lock (_wakeLock)
        {
            _wake.TrySetResult();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var retryDelay = _options.MinRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            Task wake;
            lock (_wakeLock)
            {
                wake = _wake.Task;
            }

            var timer = Task.Delay(_retryPending ? retryDelay : _options.RefreshInterval, _time, stopping);
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
                retryDelay = await StepAsync(woken == timer, retryDelay, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _onError(e);
            }
        }
    }

    private async Task<TimeSpan> StepAsync(bool timerFired, TimeSpan retryDelay, CancellationToken stopping)
    {
        if (_retryPending)
        {
            return timerFired ? await RetryAsync(retryDelay, stopping).ConfigureAwait(false) : retryDelay;
        }

        if (!_committed)
        {
            return _options.MinRetryDelay;
        }

        if (timerFired && _onTick is { } tick)
        {
            await tick(stopping).ConfigureAwait(false);
        }

        if (_expectedHash is null)
        {
            // Record the committed state's hash once commits pause: listing a big state after every commit of a
            // burst would compete with the commits themselves.
            var serial = Interlocked.Read(ref _commitSerial);
            await Task.Delay(QuietPeriod, _time, stopping).ConfigureAwait(false);
            if (Interlocked.Read(ref _commitSerial) == serial)
            {
                await RecordHashAsync(stopping).ConfigureAwait(false);
            }
        }
        else if (timerFired)
        {
            await CheckAsync(stopping).ConfigureAwait(false);
        }

        return _options.MinRetryDelay;
    }

    private async Task<TimeSpan> RetryAsync(TimeSpan retryDelay, CancellationToken stopping)
    {
        await _gate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            if (_retryPending)
            {
                await _reconcileLockedAsync(DataplaneRefreshReason.Retry, stopping).ConfigureAwait(false);
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

    // Hashing runs outside the gate so applies never wait for it; a commit during the hashing makes it void.
    private async Task RecordHashAsync(CancellationToken cancellationToken)
    {
        var serial = Interlocked.Read(ref _commitSerial);
        var hash = await _hashAsync(cancellationToken).ConfigureAwait(false);
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

        var hash = await _hashAsync(cancellationToken).ConfigureAwait(false);
        if (hash == expected || Interlocked.Read(ref _commitSerial) != serial)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _commitSerial) != serial)
            {
                return false; // something was committed meanwhile; the next check compares against that
            }

            if (!await _reconcileLockedAsync(DataplaneRefreshReason.Drift, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await RecordHashAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
