using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <content>The write transaction and the SQL helpers.</content>
public sealed partial class SqliteDatastore
{
    /// <summary>
    /// Runs <paramref name="body"/> in a <c>BEGIN IMMEDIATE</c> transaction (the file's single writer lock, so the
    /// compare in the body and the write are atomic across processes) and maps SQLite failures to the contract:
    /// before COMMIT nothing is written (unavailable, safe to retry); a failed COMMIT may have reached the disk
    /// (outcome unknown).
    /// </summary>
    private async Task<T> WriteAsync<T>(string operation, ResourceKind? kind, string? ns, string name, CancellationToken cancellationToken, Func<SqliteConnection, SqliteTransaction, T> body)
    {
        await hub.WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                writer ??= Open();
            }
            catch (SqliteException ex)
            {
                throw Unavailable(operation, kind, ns, name, ex);
            }

            var connection = writer;
            try
            {
                SqliteTransaction tx;
                try
                {
                    tx = connection.BeginTransaction(deferred: false);
                }
                catch (SqliteException ex)
                {
                    throw Unavailable(operation, kind, ns, name, ex);
                }

                using (tx)
                {
                    T result;
                    try
                    {
                        result = body(connection, tx);
                    }
                    catch (SqliteException ex)
                    {
                        throw Unavailable(operation, kind, ns, name, ex);
                    }

                    try
                    {
                        tx.Commit();
                    }
                    catch (SqliteException ex) when (IsBusy(ex))
                    {
                        throw Unavailable(operation, kind, ns, name, ex);
                    }
                    catch (SqliteException ex)
                    {
                        throw new DatastoreOutcomeUnknownException(operation, kind?.Kind ?? "resource", ns, name, ex);
                    }

                    hub.Committed(lastRevision);
                    return result;
                }
            }
            catch (DatastoreException ex) when (ex is DatastoreUnavailableException or DatastoreOutcomeUnknownException)
            {
                // The connection may be broken: start the next write on a fresh one.
                writer?.Dispose();
                writer = null;
                throw;
            }
        }
        finally
        {
            hub.WriteGate.Release();
        }
    }

    /// <summary>Writes (or deletes, when <paramref name="value"/> is null) one key at a new revision and logs the event.</summary>
    private long Put(SqliteConnection connection, SqliteTransaction tx, ResourceKind kind, string? ns, string name, byte[]? value, StoredValue? previous)
    {
        long revision;
        using (var bump = Command(connection, tx, "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value;"))
        {
            revision = (long)bump.Value.ExecuteScalar()!;
        }

        lastRevision = revision;

        var kindKey = KindKey(kind);
        var key = Key(ns, name);
        if (value is null)
        {
            Execute(connection, tx, "DELETE FROM resources WHERE kind = $kind AND key = $key;", ("$kind", kindKey), ("$key", key));
        }
        else
        {
            Execute(
                connection,
                tx,
                """
                INSERT INTO resources (kind, key, namespace, name, value, mod_revision) VALUES ($kind, $key, $ns, $name, $value, $rev)
                ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, mod_revision = excluded.mod_revision;
                """,
                ("$kind", kindKey),
                ("$key", key),
                ("$ns", ns),
                ("$name", name),
                ("$value", value),
                ("$rev", revision));
        }

        Execute(
            connection,
            tx,
            "INSERT INTO events (revision, kind, key, namespace, name, value, prev_value, prev_revision) VALUES ($rev, $kind, $key, $ns, $name, $value, $prev, $prevRev);",
            ("$rev", revision),
            ("$kind", kindKey),
            ("$key", key),
            ("$ns", ns),
            ("$name", name),
            ("$value", value),
            ("$prev", previous?.Value),
            ("$prevRev", previous?.Revision));

        // Trim the event log in chunks (amortised): keep the last EventRetention events.
        if (revision % compactEvery == 0 && revision > options.EventRetention)
        {
            Execute(
                connection,
                tx,
                "DELETE FROM events WHERE revision <= $cut; UPDATE meta SET value = max(value, $cut) WHERE key = 'compacted';",
                ("$cut", revision - options.EventRetention));
        }

        return revision;
    }

    private StoredValue? ReadCurrent(SqliteConnection connection, SqliteTransaction? tx, ResourceKind kind, string? ns, string name)
    {
        using var lease = Command(connection, tx, "SELECT value, mod_revision FROM resources WHERE kind = $kind AND key = $key;", ("$kind", KindKey(kind)), ("$key", Key(ns, name)));
        using var reader = lease.Value.ExecuteReader();
        return reader.Read() ? new StoredValue((byte[])reader[0], reader.GetInt64(1)) : null;
    }

    private (long Revision, long Compacted) ReadMeta(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var lease = Command(connection, tx, "SELECT (SELECT value FROM meta WHERE key = 'revision'), (SELECT value FROM meta WHERE key = 'compacted');");
        using var reader = lease.Value.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var lease = Command(connection, tx, sql, parameters);
        lease.Value.ExecuteNonQuery();
    }

    /// <summary>
    /// A command for <paramref name="sql"/>. On the store's own connections (writer, pooled readers) the prepared
    /// command is cached and reused; on any other connection a fresh command is made and disposed with the lease.
    /// </summary>
    private static CommandLease Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command;
        var cached = connection is SessionConnection;
        if (cached)
        {
            command = ((SessionConnection)connection).CommandFor(sql);
            command.Parameters.Clear();
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = tx;
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value ?? DBNull.Value);
        }

        return new CommandLease(command, owned: !cached);
    }

    private DatastoreUnavailableException Unavailable(string operation, ResourceKind? kind, string? ns, string? name, SqliteException ex) =>
        new(
            $"SQLite {Path}: {operation} of {DatastoreException.Describe(kind?.Kind, ns, name)} failed and was not committed: {ex.Message}",
            kind?.Kind,
            ns,
            name,
            ex);

    /// <summary>A stored value and its revision.</summary>
    private sealed record StoredValue(byte[] Value, long Revision);

    /// <summary>A command that is disposed with the lease unless it is cached.</summary>
    private readonly struct CommandLease(SqliteCommand command, bool owned) : IDisposable
    {
        public SqliteCommand Value => command;

        public void Dispose()
        {
            if (owned)
            {
                command.Dispose();
            }
        }
    }
}
