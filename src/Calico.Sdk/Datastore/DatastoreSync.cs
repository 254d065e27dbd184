using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// A generic <see cref="IDatastore.SyncAsync"/> built on <see cref="IDatastore.ListAsync"/> and
/// <see cref="IDatastore.WatchAsync"/>: snapshot, in-sync marker, then changes; on compaction it lists the kind
/// again and sends exactly the difference; transient unavailability is retried with capped exponential back-off.
/// Backends without a native multi-kind sync return this from their <c>SyncAsync</c>.
/// </summary>
public static class DatastoreSync
{
    /// <summary>The page size used for the snapshot lists.</summary>
    public const int SnapshotPageSize = 500;

    /// <summary>Runs a sync over <paramref name="kinds"/> with the system clock.</summary>
    /// <param name="store">The store (its list and watch are used).</param>
    /// <param name="kinds">The kinds, at least one, no duplicates.</param>
    /// <param name="cancellationToken">Ends the sync.</param>
    /// <returns>The sync stream.</returns>
    public static IAsyncEnumerable<SyncEvent> RunAsync(IDatastore store, IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        RunAsync(store, kinds, TimeProvider.System, cancellationToken);

    /// <summary>Runs a sync over <paramref name="kinds"/>.</summary>
    /// <param name="store">The store (its list and watch are used).</param>
    /// <param name="kinds">The kinds, at least one, no duplicates.</param>
    /// <param name="timeProvider">The clock for retry back-off.</param>
    /// <param name="cancellationToken">Ends the sync.</param>
    /// <returns>The sync stream; it ends when cancelled, or when every watch ends because the store was disposed.</returns>
    public static IAsyncEnumerable<SyncEvent> RunAsync(IDatastore store, IReadOnlyList<ResourceKind> kinds, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ValidateKinds(kinds);
        return RunCoreAsync(store, kinds, timeProvider, cancellationToken);
    }

    /// <summary>
    /// Checks the kinds of a sync request as every <see cref="IDatastore.SyncAsync"/> must: at least one, none null,
    /// none twice. Backends with a native sync call it before their first read.
    /// </summary>
    /// <param name="kinds">The requested kinds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="kinds"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">No kind, or a kind listed twice.</exception>
    public static void ValidateKinds(IReadOnlyList<ResourceKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            throw new ArgumentException("Sync needs at least one kind.", nameof(kinds));
        }

        var distinct = new HashSet<ResourceKind>();
        foreach (var kind in kinds)
        {
            ArgumentNullException.ThrowIfNull(kind, nameof(kinds));
            if (!distinct.Add(kind))
            {
                throw new ArgumentException($"Kind {kind.Kind} is listed twice.", nameof(kinds));
            }
        }
    }

    private static async IAsyncEnumerable<SyncEvent> RunCoreAsync(
        IDatastore store, IReadOnlyList<ResourceKind> kinds, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var syncers = kinds.Select(k => new KindSyncer(store, k, timeProvider)).ToArray();

        // Snapshot of every kind first, then one in-sync marker, then the watches: the contract promises
        // "snapshot, InSync, changes", and each watch starts at its own list's revision so nothing is missed.
        var snapshots = await Task.WhenAll(syncers.Select(s => s.ListSnapshotAsync(resync: false, cts.Token))).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            foreach (var e in snapshot)
            {
                yield return e;
            }
        }

        yield return SyncEvent.InSync;

        // Bounded, so a slow consumer slows the watchers down instead of growing memory without limit.
        var channel = Channel.CreateBounded<IReadOnlyList<SyncEvent>>(new BoundedChannelOptions(1024) { SingleReader = true });
        var pumps = syncers.Select(s => PumpAsync(s, channel.Writer, cts)).ToArray();
        var completion = CompleteWhenDoneAsync(pumps, channel.Writer);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
            {
                foreach (var e in batch)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
    }

    private static async Task PumpAsync(KindSyncer syncer, ChannelWriter<IReadOnlyList<SyncEvent>> writer, CancellationTokenSource cts)
    {
        try
        {
            await syncer.WatchAsync(writer, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // The sync is ending.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A non-retryable failure ends the whole sync with that error: the consumer's read throws it, and its
            // finally block cancels the other kinds' pumps. (Cancelling here would race the error with a bare cancel.)
            writer.TryComplete(ex);
        }
    }

    private static async Task CompleteWhenDoneAsync(Task[] pumps, ChannelWriter<IReadOnlyList<SyncEvent>> writer)
    {
        await Task.WhenAll(pumps).ConfigureAwait(false);
        writer.TryComplete();
    }
}
