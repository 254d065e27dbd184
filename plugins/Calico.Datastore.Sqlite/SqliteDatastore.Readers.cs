using System.Collections.Concurrent;

namespace Calico.Datastore.Sqlite;

/// <content>The store's own pool of reader connections.</content>
public sealed partial class SqliteDatastore
{
    // Enough for the concurrent readers of an agent (its sync, watches, IPAM reads); more are opened and closed.
    private const int MaxIdleReaders = 4;

    private readonly ConcurrentStack<SessionConnection> idleReaders = new();

    /// <summary>A reader connection: an idle one, or a new one (opened with the pragmas applied once).</summary>
    private ReaderLease RentReader() => new(this, idleReaders.TryPop(out var idle) ? idle : Open());

    private void Return(SessionConnection connection)
    {
        if (Volatile.Read(ref disposed) == 1 || connection.State != System.Data.ConnectionState.Open || idleReaders.Count >= MaxIdleReaders)
        {
            connection.Dispose();
            return;
        }

        idleReaders.Push(connection);

        // Disposal may have drained the pool between the check and the push: drain again.
        if (Volatile.Read(ref disposed) == 1)
        {
            DisposeIdleReaders();
        }
    }

    private void DisposeIdleReaders()
    {
        while (idleReaders.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>A rented reader; disposing it returns the connection to the pool.</summary>
    private readonly struct ReaderLease(SqliteDatastore store, SessionConnection connection) : IDisposable
    {
        public SessionConnection Connection => connection;

        public void Dispose() => store.Return(connection);
    }
}
