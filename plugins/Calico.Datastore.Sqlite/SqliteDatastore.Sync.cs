using System.Runtime.CompilerServices;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>
/// Native multi-kind sync: one connection and one read of the event log per commit for all kinds, instead of one
/// watcher (connection, read transaction, statement parse) per kind. A node agent syncs fifteen kinds; with a
/// watcher each, every CNI ADD woke fifteen readers three times.
/// </content>
public sealed partial class SqliteDatastore
{
    private static readonly TimeSpan SyncMinBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SyncMaxBackoff = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    /// <remarks>
    /// The snapshot of every kind is read in one transaction (one revision); changes then come in global revision
    /// order. When the event log was trimmed past the sync's position, every kind is read again in one transaction
    /// and the sync yields <see cref="SyncEventType.Resync"/>, exactly the difference, and
    /// <see cref="SyncEventType.InSync"/>. A failing read is retried with back-off (50 ms doubling to 5 s).
    /// </remarks>
    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default)
    {
        DatastoreSync.ValidateKinds(kinds);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
        return SyncCoreAsync([.. kinds], cancellationToken);
    }

    private async IAsyncEnumerable<SyncEvent> SyncCoreAsync(ResourceKind[] kinds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetimeToken);
        using var reader = new SyncReader(this, kinds);
        var backoff = SyncMinBackoff;
        long cursor = -1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Take the wake-up signal before reading, so a commit between the read and the wait is not missed.
            var changed = hub.NextChange;
            SyncRead? read;
            try
            {
                read = TrySyncRead(reader, cursor);
            }
            catch (DatastoreUnavailableException ex)
            {
                // The file is busy or broken for now: the consumer keeps what it has and the read is retried.
                Log.SyncReadFailed(logger, Path, backoff, ex);
                if (!await DelayAsync(backoff, linked.Token, cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(SyncMaxBackoff.Ticks, backoff.Ticks * 2));
                continue;
            }

            if (read is null)
            {
                yield break; // The store was disposed.
            }

            backoff = SyncMinBackoff;
            foreach (var e in read.Value.Events)
            {
                yield return e;
            }

            cursor = read.Value.Next;
            if (read.Value.More)
            {
                continue;
            }

            if (!await WaitForChangeAsync(changed, linked.Token, cancellationToken).ConfigureAwait(false))
            {
                yield break; // The store was disposed.
            }
        }
    }

    /// <summary>The first read (cursor -1) or a read after a compaction is a snapshot; any other read is the changes after the cursor.</summary>
    private SyncRead? TrySyncRead(SyncReader reader, long cursor)
    {
        if (lifetimeToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return reader.Read(cursor);
        }
        catch (ObjectDisposedException) when (lifetimeToken.IsCancellationRequested)
        {
            return null;
        }
        catch (SqliteException ex)
        {
            reader.Reset(); // A fresh connection for the retry.
            throw Unavailable("sync", null, null, null, ex);
        }
    }

    /// <summary>Waits out a back-off; false when the store was disposed meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken linked, CancellationToken caller)
    {
        try
        {
            await Task.Delay(delay, options.TimeProvider, linked).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The events of one read, the cursor after them, and whether more are waiting (a full batch).</summary>
    private readonly record struct SyncRead(List<SyncEvent> Events, long Next, bool More);
}
