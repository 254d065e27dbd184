using Microsoft.Data.Sqlite;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// A connection this store keeps open and reuses (the writer, and the pooled readers), with its commands prepared
/// once per SQL text instead of parsed at every use. The store pools connections itself rather than through
/// Microsoft.Data.Sqlite's pool: that pool starts a pruning timer, and so a thread, in every process that opens a
/// connection, which a short-lived CNI plugin pays for at every invocation.
/// </summary>
/// <remarks>Used by one caller at a time: the writer inside the write gate, a reader while it is rented.</remarks>
internal sealed class SessionConnection(string connectionString) : SqliteConnection(connectionString)
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    /// <summary>The prepared command for <paramref name="sql"/>, created at first use.</summary>
    internal SqliteCommand CommandFor(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        return command;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in commands.Values)
            {
                command.Dispose();
            }

            commands.Clear();
        }

        base.Dispose(disposing);
    }
}
