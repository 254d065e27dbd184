using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// What every <see cref="SqliteDatastore"/> of one process shares per database file: the in-process write gate
/// (so that this process's writers queue without spinning on SQLite's lock) and the change signal. The signal is
/// raised by local commits directly and by other processes' commits through an inotify watch (FileSystemWatcher)
/// on the <c>-wal</c> file, which every commit writes to.
/// </summary>
internal sealed class SqliteFileHub
{
    private static readonly Dictionary<string, SqliteFileHub> Hubs = new(StringComparer.Ordinal);
    private static readonly Lock HubsGate = new();

    private readonly string path;
    private readonly FileSystemWatcher watcher;
    private TaskCompletionSource signal = NewSignal();
    private int references;

    private SqliteFileHub(string path, ILogger logger)
    {
        this.path = path;
        watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(path)!, System.IO.Path.GetFileName(path) + "-wal")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, _) => Notify();
        watcher.Created += (_, _) => Notify();
        watcher.Error += (_, e) =>
        {
            // An inotify overflow or failure: wake everyone (they re-read), the fallback poll covers the rest.
            Log.FileWatchFailed(logger, path, e.GetException());
            Notify();
        };
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>Serialises this process's writers to the file.</summary>
    internal SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>A task that completes at the next change of the file (capture it before reading).</summary>
    internal Task NextChange => Volatile.Read(ref signal).Task;

    /// <summary>Gets (or creates) the hub of a file and takes a reference.</summary>
    internal static SqliteFileHub Acquire(string fullPath, ILogger logger)
    {
        lock (HubsGate)
        {
            if (!Hubs.TryGetValue(fullPath, out var hub))
            {
                hub = new SqliteFileHub(fullPath, logger);
                Hubs.Add(fullPath, hub);
            }

            hub.references++;
            return hub;
        }
    }

    /// <summary>Drops a reference; the last one stops the file watch.</summary>
    internal void Release()
    {
        lock (HubsGate)
        {
            if (--references > 0)
            {
                return;
            }

            Hubs.Remove(path);
        }

        watcher.Dispose();
        Notify();
    }

    /// <summary>Wakes every waiter.</summary>
    internal void Notify() => Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
