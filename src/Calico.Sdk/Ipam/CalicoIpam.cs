using System.Collections.Concurrent;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Sdk.Ipam;

/// <summary>
/// Calico's block-affinity IPAM over any <see cref="IDatastore"/>: pools are cut into blocks, a node claims blocks
/// (pending affinity → block → confirmed affinity, each a single-object compare-and-swap), allocates from its own
/// blocks, and borrows from other nodes' blocks when no block is left unless strict affinity is on. Handles index
/// allocations per owner; a per-allocation sequence number makes a stale release harmless.
/// </summary>
/// <remarks>
/// Every write is a compare-and-swap; conflicts are retried after a fresh read. A write whose outcome is unknown is
/// never repeated blindly: the object is read back and the call continues from what it finds. Handles are written
/// before blocks on allocation and after blocks on release, so a crash can only leave a handle that counts too many
/// addresses, never an address without a handle; <see cref="GarbageCollectAsync"/> repairs such handles.
/// </remarks>
public sealed partial class CalicoIpam : IIpam
{
    private readonly IpamStore _store;
    private readonly CalicoIpamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IPAMBlock> _blockCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _gcFirstSeen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private IpamSnapshot? _snapshot;

    /// <summary>Creates the IPAM over a datastore.</summary>
    /// <param name="datastore">Where pools, blocks, affinities and handles live.</param>
    /// <param name="options">Tuning; <see langword="null"/> for Calico's defaults.</param>
    /// <param name="timeProvider">The clock (claim times, cool-downs, grace periods); the system clock by default.</param>
    /// <param name="logger">The logger.</param>
    public CalicoIpam(IDatastore datastore, CalicoIpamOptions? options = null, TimeProvider? timeProvider = null, ILogger<CalicoIpam>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        _store = new IpamStore(datastore);
        _options = options ?? new CalicoIpamOptions();
        if (_options.MaxConflictRetries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxConflictRetries, "MaxConflictRetries must be at least 1");
        }

        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Reads pools, reservations and the IPAM configuration, or reuses the last read within
    /// <see cref="CalicoIpamOptions.SettingsCacheDuration"/> unless <paramref name="fresh"/>.
    /// </summary>
    private async Task<IpamSnapshot> GetSnapshotAsync(CancellationToken ct, bool fresh = false) =>
        (await GetSnapshotWithOriginAsync(ct, fresh).ConfigureAwait(false)).Snapshot;

    /// <summary>The settings, and whether they are a remembered read rather than one made for this call.</summary>
    private async Task<(IpamSnapshot Snapshot, bool Reused)> GetSnapshotWithOriginAsync(CancellationToken ct, bool fresh)
    {
        var current = _snapshot;
        if (!fresh && current is not null && IsRecent(current))
        {
            return (current, true);
        }

        await _snapshotLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            current = _snapshot;
            if (!fresh && current is not null && IsRecent(current))
            {
                return (current, true);
            }

            var now = _time.GetUtcNow();
            var problems = new List<string>();
            var pools = new List<IpamPool>();
            var poolObjects = await _store.ListAsync<IPPool>(ResourceKinds.IPPool, null, ct).ConfigureAwait(false);
            foreach (var pool in poolObjects)
            {
                if (IpamPool.From(pool, out var problem) is { } p)
                {
                    pools.Add(p);
                }
                else
                {
                    problems.Add(problem!);
                }
            }

            var reservations = await _store.ListAsync<IPReservation>(ResourceKinds.IPReservation, null, ct).ConfigureAwait(false);
            var reserved = ReservedRanges.From(reservations, problems);
            var config = await _store.GetAsync<IPAMConfiguration>(ResourceKinds.IPAMConfiguration, "default", ct).ConfigureAwait(false);
            foreach (var problem in problems)
            {
                IpamLog.Unusable(_logger, problem);
            }

            var fingerprint = string.Join(
                ';',
                poolObjects.Cast<Resource?>().Concat(reservations).Append(config).Select(r => r is null ? "-" : r.Metadata.Name + "@" + r.Metadata.ResourceVersion));
            _snapshot = new IpamSnapshot(pools, reserved, IpamSettings.From(config), now, fingerprint);
            return (_snapshot, false);
        }
        finally
        {
            _snapshotLock.Release();
        }
    }

    private bool IsRecent(IpamSnapshot snapshot) => _time.GetUtcNow() - snapshot.ReadAt < _options.SettingsCacheDuration;

    /// <summary>The labels of a Calico Node (empty when the node object does not exist).</summary>
    private async Task<IReadOnlyDictionary<string, string>> GetNodeLabelsAsync(string node, CancellationToken ct)
    {
        var resource = await _store.GetAsync<Node>(ResourceKinds.Node, node, ct).ConfigureAwait(false);
        return resource?.Metadata.Labels is { } labels
            ? new Dictionary<string, string>(labels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Serialises this instance's allocations for one host, as Calico's CNI host-wide lock does.</summary>
    private async Task<IDisposable> LockHostAsync(string host, CancellationToken ct)
    {
        var gate = _hostLocks.GetOrAdd(host, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>A token for clean-up writes that must not be cancelled with the caller but must not hang either.</summary>
    private CancellationTokenSource RollbackToken() => new(_options.RollbackTimeout, _time);

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
