using System.Globalization;
using System.Runtime.CompilerServices;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>Watch: read the event log after a cursor; sleep until the file changes (or the fallback poll).</content>
public sealed partial class SqliteDatastore
{
    private const int WatchBatch = 1000;

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        long start;
        if (afterRevision is null)
        {
            // Captured now, not at the first MoveNext, so that writes made before enumeration starts are seen.
            try
            {
                using var rented = RentReader();
                var connection = rented.Connection;
                start = ReadMeta(connection, null).Revision;
            }
            catch (SqliteException ex)
            {
                throw Unavailable("watch", kind, null, null, ex);
            }
        }
        else if (!long.TryParse(afterRevision, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new ArgumentException($"'{afterRevision}' is not a revision of this store.", nameof(afterRevision));
        }

        return WatchCoreAsync(kind, start, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(ResourceKind kind, long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetimeToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Take the wake-up signal before reading, so a commit between the read and the wait is not missed.
            var changed = hub.NextChange;
            var read = TryReadEvents(kind, cursor);
            if (read is null)
            {
                yield break; // The store was disposed.
            }

            var (events, next) = read.Value;
            foreach (var e in events)
            {
                yield return e;
            }

            cursor = next;
            if (events.Count == WatchBatch)
            {
                continue;
            }

            if (!await WaitForChangeAsync(changed, linked.Token, cancellationToken).ConfigureAwait(false))
            {
                yield break; // The store was disposed.
            }
        }
    }

    /// <summary>
    /// Waits for the next change of the file, or the fallback poll; false when the store was disposed meanwhile. A
    /// cancellation by the caller is thrown.
    /// </summary>
    private async Task<bool> WaitForChangeAsync(Task changed, CancellationToken linked, CancellationToken caller)
    {
        try
        {
            await changed.WaitAsync(options.FallbackPollInterval, linked).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The fallback poll: read again even without a notification.
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return false;
        }

        return true;
    }

    private (List<WatchEvent> Events, long Next)? TryReadEvents(ResourceKind kind, long cursor)
    {
        if (lifetimeToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return ReadEvents(kind, cursor);
        }
        catch (ObjectDisposedException) when (lifetimeToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private (List<WatchEvent> Events, long Next) ReadEvents(ResourceKind kind, long cursor)
    {
        var events = new List<WatchEvent>();
        long next;
        try
        {
            using var rented = RentReader();
            var connection = rented.Connection;
            using var tx = connection.BeginTransaction(deferred: true);
            var (revision, compacted) = ReadMeta(connection, tx);
            if (cursor < compacted)
            {
                throw new RevisionCompactedException(kind.Kind, Format(cursor), Format(compacted));
            }

            using var lease = Command(
                connection,
                tx,
                "SELECT revision, namespace, name, value, prev_value, prev_revision FROM events WHERE kind = $kind AND revision > $cursor ORDER BY revision LIMIT $limit;",
                ("$kind", KindKey(kind)),
                ("$cursor", cursor),
                ("$limit", WatchBatch));
            using var reader = lease.Value.ExecuteReader();
            while (reader.Read())
            {
                events.Add(ToEvent(kind, reader));
            }

            // Without a full batch, everything up to the revision read in this snapshot has been seen.
            next = events.Count == WatchBatch ? long.Parse(events[^1].Revision, CultureInfo.InvariantCulture) : Math.Max(cursor, revision);
        }
        catch (SqliteException ex)
        {
            throw Unavailable("watch", kind, null, null, ex);
        }

        return (events, next);
    }

    private static WatchEvent ToEvent(ResourceKind kind, SqliteDataReader reader)
    {
        var rev = Format(reader.GetInt64(0));
        var ns = reader.IsDBNull(1) ? null : reader.GetString(1);
        var name = reader.GetString(2);
        if (reader.IsDBNull(3))
        {
            Resource? last = null;
            if (!reader.IsDBNull(4))
            {
                try
                {
                    last = ResourceCodec.Decode(kind, (byte[])reader[4], ns, name, Format(reader.GetInt64(5)));
                }
                catch (DatastoreDataException)
                {
                    // The last state was undecodable: a delete still reports the key.
                }
            }

            return new WatchEvent(WatchEventType.Deleted, kind, ns, name, rev, last);
        }

        try
        {
            var resource = ResourceCodec.Decode(kind, (byte[])reader[3], ns, name, rev);
            return new WatchEvent(reader.IsDBNull(4) ? WatchEventType.Added : WatchEventType.Modified, kind, ns, name, rev, resource);
        }
        catch (DatastoreDataException ex)
        {
            return new WatchEvent(WatchEventType.DecodeError, kind, ns, name, rev, null, ex.Message);
        }
    }
}
