using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>The reading side of one native sync.</content>
public sealed partial class SqliteDatastore
{
    /// <summary>
    /// One sync's connection and prepared statements (parsed once, not per read), and what the sync has sent so far
    /// (for the difference after a compaction). Used by one sync loop at a time.
    /// </summary>
    private sealed class SyncReader(SqliteDatastore store, ResourceKind[] kinds) : IDisposable
    {
        private readonly Dictionary<string, ResourceKind> byKey = kinds.ToDictionary(KindKey, StringComparer.Ordinal);
        private readonly SyncedKeys sent = new();
        private SqliteConnection? connection;
        private SqliteCommand? meta;
        private SqliteCommand? changes;
        private SqliteCommand? snapshot;

        /// <summary>
        /// The snapshot of every kind (first read, <paramref name="cursor"/> -1, or after a compaction) or the changes
        /// after <paramref name="cursor"/>, all in one read transaction.
        /// </summary>
        internal SyncRead Read(long cursor)
        {
            var c = connection ??= Connect();
            using var tx = c.BeginTransaction(deferred: true);
            var (revision, compacted) = ReadMeta(tx);
            if (cursor < 0)
            {
                return new SyncRead(Snapshot(tx, revision, resync: false), revision, More: false);
            }

            if (cursor < compacted)
            {
                return new SyncRead(Snapshot(tx, revision, resync: true), revision, More: false);
            }

            changes!.Transaction = tx;
            changes.Parameters["$cursor"].Value = cursor;
            var read = new List<WatchEvent>();
            using (var reader = changes.ExecuteReader())
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

        public void Dispose()
        {
            meta?.Dispose();
            changes?.Dispose();
            snapshot?.Dispose();
            connection?.Dispose();
            meta = changes = snapshot = null;
        }

        private SqliteConnection Connect()
        {
            var c = store.Open();
            try
            {
                meta = Prepare(c, "SELECT (SELECT value FROM meta WHERE key = 'revision'), (SELECT value FROM meta WHERE key = 'compacted');");
                var names = string.Join(", ", kinds.Select((_, i) => "$k" + i.ToString(CultureInfo.InvariantCulture)));
                changes = Prepare(
                    c,
                    $"SELECT revision, namespace, name, value, prev_value, prev_revision, kind FROM events WHERE revision > $cursor AND kind IN ({names}) ORDER BY revision LIMIT {WatchBatch};");
                changes.Parameters.AddWithValue("$cursor", 0L);
                for (var i = 0; i < kinds.Length; i++)
                {
                    changes.Parameters.AddWithValue("$k" + i.ToString(CultureInfo.InvariantCulture), KindKey(kinds[i]));
                }

                snapshot = Prepare(c, "SELECT namespace, name, value, mod_revision FROM resources WHERE kind = $kind ORDER BY key;");
                snapshot.Parameters.AddWithValue("$kind", string.Empty);
                return c;
            }
            catch
            {
                Dispose();
                c.Dispose();
                throw;
            }
        }

        private static SqliteCommand Prepare(SqliteConnection c, string sql)
        {
            var command = c.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        private (long Revision, long Compacted) ReadMeta(SqliteTransaction tx)
        {
            meta!.Transaction = tx;
            using var reader = meta.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }

        /// <summary>Every kind at this transaction's revision, as the difference to what was sent (all of it, the first time).</summary>
        private List<SyncEvent> Snapshot(SqliteTransaction tx, long revision, bool resync)
        {
            var events = new List<SyncEvent>();
            if (resync)
            {
                events.Add(SyncEvent.Resync);
            }

            var rev = Format(revision);
            snapshot!.Transaction = tx;
            var lists = new List<(ResourceKind Kind, ResourceList<Resource> List)>(kinds.Length);
            foreach (var kind in kinds)
            {
                snapshot.Parameters["$kind"].Value = KindKey(kind);
                var items = new List<Resource>();
                var failures = new List<DecodeFailure>();
                using (var reader = snapshot.ExecuteReader())
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
