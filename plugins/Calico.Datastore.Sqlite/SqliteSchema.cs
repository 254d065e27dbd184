using Calico.Sdk.Datastore;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>Creates and checks the schema.</summary>
/// <remarks>
/// <c>resources</c> holds the current value of every key; <c>events</c> is the change log that watches and
/// consistent paging read (each row keeps the value it replaced, so the state at an older revision can be rebuilt);
/// <c>meta</c> holds the global revision counter, the compaction point and the schema version.
/// </remarks>
internal static class SqliteSchema
{
    internal const long Version = 1;

    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS resources (
            kind TEXT NOT NULL, key TEXT NOT NULL, namespace TEXT, name TEXT NOT NULL,
            value BLOB NOT NULL, mod_revision INTEGER NOT NULL,
            PRIMARY KEY (kind, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS events (
            revision INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, namespace TEXT, name TEXT NOT NULL,
            value BLOB, prev_value BLOB, prev_revision INTEGER);
        CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, revision);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0), ('compacted', 0), ('schema', 1);
        """;

    internal static void Initialize(SqliteConnection connection, string path)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new DatastoreConfigurationException($"SQLite file {path}: WAL mode could not be enabled (journal_mode is '{mode}'); the file must be on a local file system.");
            }
        }

        // The usual case, a file that already has the current schema, needs only a read: no write lock, so opening
        // never queues behind another process's write transaction.
        if (ReadVersion(connection, null) is { } existing)
        {
            Require(existing, path);
            return;
        }

        using var tx = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = tx;
            create.CommandText = CreateSql;
            create.ExecuteNonQuery();
        }

        Require(ReadVersion(connection, tx) ?? 0, path);
        tx.Commit();
    }

    /// <summary>The schema version, or null when the file has no schema yet.</summary>
    private static long? ReadVersion(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var check = connection.CreateCommand();
        check.Transaction = tx;
        check.CommandText = "SELECT value FROM meta WHERE key = 'schema' AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events');";
        try
        {
            return check.ExecuteScalar() is long version ? version : null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            return null; // SQLITE_ERROR: no meta table yet
        }
    }

    private static void Require(long version, string path)
    {
        if (version != Version)
        {
            throw new DatastoreConfigurationException($"SQLite file {path} has schema version {version}; this release reads version {Version}.");
        }
    }
}
