using System.Diagnostics;
using Calico.Dataplane.Iptables.Kernel;
using Calico.Dataplane.Iptables.Model;
using Calico.Dataplane.Iptables.Rendering;
using Calico.Dataplane.Iptables.State;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Dataplane.Iptables;

/// <summary>
/// The iptables dataplane: Calico-style chains in each family's filter table (<c>cali-FORWARD</c>,
/// <c>cali-INPUT</c>, interface dispatch to per-endpoint <c>cali-tw-IFACE</c>/<c>cali-fw-IFACE</c>, per-policy
/// <c>cali-pi-ID</c>/<c>cali-po-ID</c>) and ipsets (<c>hash:net</c> for CIDRs, <c>hash:ip,port</c> for named
/// ports). Each table is changed by one atomic <c>iptables-restore --noflush</c> (nft or legacy backend); a delta
/// rewrites only the chains and set members it changes. A periodic check repairs tampering; failed applies are
/// rolled back, retried with back-off and reported as unready. Nothing is touched before the first
/// <see cref="ReconcileAsync"/>, nothing is flushed on start or dispose, and no other chain, table or set is ever
/// modified. See <c>docs/dataplane-iptables.md</c>.
/// </summary>
public sealed partial class IptablesDataplane : IDataplane
{
    private readonly IptablesDataplaneOptions _options;
    private readonly Layout _layout;
    private readonly IpsetRunner _ipset;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EndpointProgrammedWaiters _waiters = new();
    private readonly DataplaneRefreshLoop _refresh;
    private IptablesRunner? _iptables;
    private LiveState? _live;
    private KernelModel? _model;
    private LiveState? _pendingRetry;
    private volatile DataplaneStatus _status = DataplaneStatus.Initial;
    private int _disposed;

    /// <summary>Creates the dataplane; it changes nothing in the kernel until the first reconcile.</summary>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="logger">Logger, or null.</param>
    /// <param name="timeProvider">Clock for the refresh and retry timers, or null for the system clock.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public IptablesDataplane(IptablesDataplaneOptions options, ILogger<IptablesDataplane>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _layout = new Layout(options.WorkloadInterfacePrefixes, options.EndpointToHostAction)
        {
            FailsafeInbound = options.FailsafeInboundHostPorts,
            FailsafeOutbound = options.FailsafeOutboundHostPorts,
        };
        _ipset = new IpsetRunner(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _refresh = StartRefreshLoop();
    }

    /// <inheritdoc />
    public DataplaneStatus Status => _status;

    /// <summary>The backend in use: null until the first reconcile resolves <see cref="IptablesBackend.Auto"/>.</summary>
    public IptablesBackend? ActiveBackend => _iptables?.Backend;

    /// <inheritdoc />
    public async Task ReconcileAsync(PolicySnapshot desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var next = LiveState.FromSnapshot(desired);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
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
            if (_live is not { } live || _model is not { } model)
            {
                throw new InvalidOperationException("ApplyAsync before the first ReconcileAsync: the dataplane has no state to apply a delta to");
            }

            var started = Stopwatch.GetTimestamp();
            var next = StateDelta.Apply(live, delta);
            var nextModel = ModelBuilder.Update(_layout, model, live, next, delta);
            if (RecreatesDeferred(model, nextModel))
            {
                await ReconcileLockedAsync(next, cancellationToken).ConfigureAwait(false); // a full sync swaps into existing sets
                return;
            }

            var transaction = ModelDiff.Delta(model, nextModel);
            await CommitAsync(transaction, next, nextModel, cancellationToken).ConfigureAwait(false);
            Log.Applied(_logger, next.Generation, transaction.Commands, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
        // Stops the timers only: chains and sets stay as they are (never flush on stop).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _refresh.DisposeAsync().ConfigureAwait(false);
        _waiters.FailAll(new ObjectDisposedException(nameof(IptablesDataplane)));
        _gate.Dispose();
    }

    /// <summary>
    /// Renders what a full sync of <paramref name="snapshot"/> writes into empty tables, without applying it (for
    /// tools and tests): the ipset script, then the iptables-restore and ip6tables-restore inputs.
    /// </summary>
    /// <param name="snapshot">The state.</param>
    /// <returns>The three scripts, each introduced by a <c># ipset</c>, <c># iptables</c> or <c># ip6tables</c> line.</returns>
    public string RenderFull(PolicySnapshot snapshot)
    {
        var model = ModelBuilder.Full(_layout, LiveState.FromSnapshot(snapshot));
        var empty = new Dictionary<string, KernelView>();
        var tables = ModelDiff.FullTables(model, empty, empty);
        var sets = ModelDiff.Delta(new KernelModel(), model).IpsetBefore; // into an empty namespace: no scratch sets
        return "# ipset\n" + sets + "# iptables\n" + tables.V4 + "# ip6tables\n" + tables.V6;
    }

    private async Task ReconcileLockedAsync(LiveState next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var model = ModelBuilder.Full(_layout, next);
        Transaction transaction;
        try
        {
            transaction = await PrepareFullAsync(model, cancellationToken).ConfigureAwait(false);
        }
        catch (DataplaneApplyException e)
        {
            Failed(next, e);
            throw;
        }

        await CommitAsync(transaction, next, model, cancellationToken).ConfigureAwait(false);
        Log.Reconciled(_logger, next.Generation, transaction.Commands, Stopwatch.GetElapsedTime(started).TotalMilliseconds, _iptables!.Backend);
    }

    private async Task CommitAsync(Transaction transaction, LiveState next, KernelModel model, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(transaction, model, cancellationToken).ConfigureAwait(false);
        }
        catch (DataplaneApplyException e)
        {
            Failed(next, e);
            throw;
        }

        _live = next;
        _model = model;
        _pendingRetry = null;
        _status = new DataplaneStatus(true, true, next.Generation, 0, null);
        _waiters.Programmed(next.Endpoints, next.Generation);
        _refresh.Committed(); // the refresh loop records the hash of what we just committed
    }

    private void Failed(LiveState next, DataplaneApplyException error)
    {
        var failures = _status.ConsecutiveFailures + 1;
        _pendingRetry = next; // the background loop retries a full reconcile to this state with back-off
        _status = _status with
        {
            ConsecutiveFailures = failures,
            Ready = _status.Synced && failures < DataplaneStatus.MaxConsecutiveFailures,
            LastError = error.Message,
        };
        Log.ApplyFailed(_logger, failures, error);
        _refresh.Failed();
    }
}
