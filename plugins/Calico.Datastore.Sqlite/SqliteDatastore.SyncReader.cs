using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>The reading side of one native sync.</content>
public sealed partial class SqliteDatastore
{
    /// <summary>
    /// One sync's connection (a <see cref="SessionConnection"/>: its statements are prepared once, not per read), and
    /// what the sync has sent so far (for the difference after a compaction). Used by one sync loop at a time.
    /// </summary>
    private sealed class SyncReader(SqliteDatastore store, ResourceKind[] kinds) : IDisposable
    {
        private const string SnapshotSql = "SELECT namespace, name, value, mod_revision FROM resources WHERE kind = $kind ORDER BY key;";
        private readonly Dictionary<string, ResourceKind> byKey = kinds.ToDictionary(KindKey, StringComparer.Ordinal);
        private readonly SyncedKeys sent = new();
        private readonly string changesSql =
            "SELECT revision, namespace, name, value, prev_value, prev_revision, kind FROM events WHERE revision > $cursor AND kind IN ("
            + string.Join(", ", kinds.Select((_, i) => "$k" + i.ToString(CultureInfo.InvariantCulture)))
            + ") ORDER BY revision LIMIT " + WatchBatch.ToString(CultureInfo.InvariantCulture) + ";";

        private SqliteConnection? connection;

        /// <summary>
        /// The snapshot of every kind (first read, <paramref name="cursor"/> -1, or after a compaction) or the changes
        /// after <paramref name="cursor"/>, all in one read transaction.
        /// </summary>
        internal SyncRead Read(long cursor)
        {
            var c = connection ??= store.Open();
            using var tx = c.BeginTransaction(deferred: true);
            var (revision, compacted) = store.ReadMeta(c, tx);
            if (cursor < 0)
            {
                return new SyncRead(Snapshot(tx, revision, resync: false), revision, More: false);
            }

            if (cursor < compacted)
            {
                return new SyncRead(Snapshot(tx, revision, resync: true), revision, More: false);
            }

            var parameters = new (string Name, object? Value)[kinds.Length + 1];
            parameters[0] = ("$cursor", cursor);
            for (var i = 0; i < kinds.Length; i++)
            {
                parameters[i + 1] = ("$k" + i.ToString(CultureInfo.InvariantCulture), KindKey(kinds[i]));
            }

            var read = new List<WatchEvent>();
            using (var changes = Command(c, tx, changesSql, parameters))
            using (var reader = changes.Value.ExecuteReader())
            {
                while (reader.Read())
                {
                    read.Add(ToEvent(byKey[reader.GetString(6)], reader));
                }
            }

            // Recorded only once the whole read succeeded: a read that fails half-way is retried from the same
            // cursor, so what is recorded is always what the consumer is given.
            var events = new List<SyncEvent>(read.Count);
            foreach (var change in read)
            {
                sent.Record(change);
                events.Add(SyncEvent.ForChange(change));
            }

            // A full batch leaves more to read; otherwise everything up to this transaction's revision has been seen.
            var more = events.Count == WatchBatch;
            var next = more ? long.Parse(events[^1].Change!.Revision, CultureInfo.InvariantCulture) : Math.Max(cursor, revision);
            return new SyncRead(events, next, more);
        }

        /// <summary>Drops the connection after a failure; the next read opens a fresh one.</summary>
        internal void Reset()
        {
            Dispose();
            connection = null;
        }

        public void Dispose() => connection?.Dispose();

        /// <summary>Every kind at this transaction's revision, as the difference to what was sent (all of it, the first time).</summary>
        private List<SyncEvent> Snapshot(SqliteTransaction tx, long revision, bool resync)
        {
            var events = new List<SyncEvent>();
            if (resync)
            {
                events.Add(SyncEvent.Resync);
            }

            var rev = Format(revision);
            var lists = new List<(ResourceKind Kind, ResourceList<Resource> List)>(kinds.Length);
            foreach (var kind in kinds)
            {
                var items = new List<Resource>();
                var failures = new List<DecodeFailure>();
                using (var snapshot = Command(connection!, tx, SnapshotSql, ("$kind", KindKey(kind))))
                using (var reader = snapshot.Value.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var ns = reader.IsDBNull(0) ? null : reader.GetString(0);
                        var name = reader.GetString(1);
                        var itemRevision = Format(reader.GetInt64(3));
                        try
                        {
                            items.Add(ResourceCodec.Decode(kind, (byte[])reader[2], ns, name, itemRevision));
                        }
                        catch (DatastoreDataException ex)
                        {
                            failures.Add(new DecodeFailure(kind, ns, name, itemRevision, ex.Message));
                        }
                    }
                }

                lists.Add((kind, new ResourceList<Resource>(items, rev, null, failures)));
            }

            // Reconciled only once every kind was read (see the change read above).
            foreach (var (kind, list) in lists)
            {
                sent.Reconcile(kind, list, events);
            }

            events.Add(SyncEvent.InSync);
            return events;
        }
    }
}
