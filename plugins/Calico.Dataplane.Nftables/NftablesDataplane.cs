using System.Diagnostics;
using Calico.Dataplane.Nftables.Rendering;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Dataplane.Nftables;

/// <summary>
/// The nftables dataplane: one <c>inet</c> table (default <c>calico</c>) holding per-endpoint chains
/// (<c>tw-IFACE</c>/<c>fw-IFACE</c>), per-policy chains (<c>pi-ID</c>/<c>po-ID</c>), IP sets as nft sets (interval
/// sets for CIDRs, address . protocol . port sets for named ports) and interface dispatch through verdict maps.
/// Every reconcile and delta is one atomic <c>nft -f</c> transaction; a delta touches only what changed. A
/// periodic check (<see cref="NftablesDataplaneOptions.RefreshInterval"/>) repairs tampering; failed applies are
/// retried with back-off. Nothing is touched before the first <see cref="ReconcileAsync"/>, nothing is flushed on
/// start or dispose, and no other table is ever modified. See <c>docs/dataplane-nftables.md</c>.
/// </summary>
public sealed partial class NftablesDataplane : IDataplane
{
    private readonly NftablesDataplaneOptions _options;
    private readonly TableLayout _layout;
    private readonly NftRunner _nft;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EndpointProgrammedWaiters _waiters = new();
    private readonly DataplaneRefreshLoop _refresh;
    private LiveState? _live;
    private LiveState? _pendingRetry;
    private NatState _nat = NatState.Empty;
    private volatile DataplaneStatus _status = DataplaneStatus.Initial;
    private int _disposed;

    /// <summary>Creates the dataplane; it changes nothing in the kernel until the first reconcile.</summary>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="logger">Logger, or null.</param>
    /// <param name="timeProvider">Clock for the refresh and retry timers, or null for the system clock.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public NftablesDataplane(NftablesDataplaneOptions options, ILogger<NftablesDataplane>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _layout = new TableLayout("inet", options.TableName, options.WorkloadInterfacePrefixes, options.EndpointToHostAction)
        {
            FailsafeInbound = options.FailsafeInboundHostPorts,
            FailsafeOutbound = options.FailsafeOutboundHostPorts,
        };
        _nft = new NftRunner(options, _layout);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _refresh = StartRefreshLoop();
    }

    /// <inheritdoc />
    public DataplaneStatus Status => _status;

    /// <summary>The table this dataplane owns, e.g. <c>inet calico</c>.</summary>
    public string Table => _layout.Qualified;

    /// <inheritdoc />
    public async Task ReconcileAsync(PolicySnapshot desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var next = LiveState.FromSnapshot(desired);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            next.Nat = _nat;
            await ReconcileLockedAsync(next, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task ApplyAsync(PolicyDelta delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = _live ?? throw new InvalidOperationException("ApplyAsync before the first ReconcileAsync: the dataplane has no state to apply a delta to");
            var (script, next) = DeltaRenderer.Render(_layout, live, delta);
            await CommitAsync(script, next, full: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<EndpointProgrammed> WaitForEndpointProgrammedAsync(
        EndpointId endpoint, string? resourceVersion, CancellationToken cancellationToken = default) =>
        _waiters.WaitAsync(endpoint, resourceVersion, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Stops the timers only: the table stays as it is (never flush on stop).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _refresh.DisposeAsync().ConfigureAwait(false);
        _waiters.FailAll(new ObjectDisposedException(nameof(NftablesDataplane)));
        await _gate.WaitAsync().ConfigureAwait(false); // an apply still running finishes before its context goes
        _nft.Dispose();
        _gate.Dispose();
    }

    /// <summary>Renders the full table for <paramref name="snapshot"/> without applying it (for tools and tests).</summary>
    /// <param name="snapshot">The state.</param>
    /// <returns>The <c>nft -f</c> script.</returns>
    public string RenderFull(PolicySnapshot snapshot) => TableRenderer.Full(_layout, LiveState.FromSnapshot(snapshot)).ToString();

    private Task ReconcileLockedAsync(LiveState next, CancellationToken cancellationToken) =>
        CommitAsync(TableRenderer.Full(_layout, next), next, full: true, cancellationToken);

    private async Task CommitAsync(Script script, LiveState next, bool full, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _nft.ApplyAsync(script.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (DataplaneApplyException e)
        {
            var failures = _status.ConsecutiveFailures + 1;
            _pendingRetry = next; // the background loop retries a full reconcile to this state with back-off
            _status = _status with
            {
                ConsecutiveFailures = failures,
                Ready = _status.Synced && failures < DataplaneStatus.MaxConsecutiveFailures,
                LastError = e.Message,
            };
            Log.ApplyFailed(_logger, _layout.Qualified, failures, e);
            _refresh.Failed();
            throw;
        }

        _live = next;
        _pendingRetry = null;
        _status = new DataplaneStatus(true, true, next.Generation, 0, null);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (full)
        {
            Log.Reconciled(_logger, _layout.Qualified, next.Generation, script.Commands, ms);
        }
        else
        {
            Log.Applied(_logger, _layout.Qualified, next.Generation, script.Commands, ms);
        }

        _waiters.Programmed(next.Endpoints, next.Generation);
        _refresh.Committed(); // the refresh loop records the hash of what we just committed
    }
}
