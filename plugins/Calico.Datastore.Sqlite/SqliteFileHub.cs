using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// What every <see cref="SqliteDatastore"/> of one process shares per database file: the in-process write gate
/// (so that this process's writers queue without spinning on SQLite's lock) and the change signal. The signal is
/// raised by local commits directly and by other processes' commits through an inotify watch (FileSystemWatcher)
/// on the <c>-notify</c> file next to the database, which every writer touches right AFTER its commit.
/// </summary>
/// <remarks>
/// Watching the <c>-wal</c> file instead would wake readers too early: its frames are written before the commit is
/// published in the shared-memory index, so a reader woken by that write often does not see the commit yet.
/// </remarks>
internal sealed class SqliteFileHub
{
    private static readonly Dictionary<string, SqliteFileHub> Hubs = new(StringComparer.Ordinal);
    private static readonly Lock HubsGate = new();

    private readonly string path;
    private readonly Lock watcherGate = new();
    private readonly ILogger logger;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? notifyFile;
    private int notifyFailed;
    private FileSystemWatcher? watcher;
    private bool released;
    private TaskCompletionSource signal = NewSignal();
    private int references;

    private SqliteFileHub(string path, ILogger logger)
    {
        this.path = path;
        this.logger = logger;
        var notifyPath = path + "-notify";
        try
        {
            notifyFile = File.OpenHandle(notifyPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(notifyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without it, other processes' watchers see our commits at their fallback poll.
            Log.FileWatchFailed(logger, notifyPath, ex);
        }
    }

    /// <summary>Serialises this process's writers to the file.</summary>
    internal SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>
    /// A task that completes at the next change of the file (capture it before reading). The first call starts the
    /// inotify watch: processes that only read and write (the CNI plugin) never pay for a watcher thread.
    /// </summary>
    internal Task NextChange
    {
        get
        {
            EnsureWatching();
            return Volatile.Read(ref signal).Task;
        }
    }

    private void EnsureWatching()
    {
        lock (watcherGate)
        {
            if (watcher is not null || released)
            {
                return;
            }

            watcher = CreateWatcher();
        }
    }

    private FileSystemWatcher CreateWatcher()
    {
        var notifyPath = path + "-notify";
        var created = new FileSystemWatcher(System.IO.Path.GetDirectoryName(path)!, System.IO.Path.GetFileName(notifyPath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
            IncludeSubdirectories = false,
        };
        created.Changed += (_, _) => Notify();
        created.Created += (_, _) => Notify();
        created.Error += (_, e) =>
        {
            // An inotify overflow or failure: wake everyone (they re-read), the fallback poll covers the rest.
            Log.FileWatchFailed(logger, path, e.GetException());
            Notify();
        };
        created.EnableRaisingEvents = true;
        return created;
    }

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

        lock (watcherGate)
        {
            released = true;
            watcher?.Dispose();
            watcher = null;
        }

        notifyFile?.Dispose();
        Notify();
    }

    /// <summary>After a local commit: wakes this process's waiters and, through the notify file, other processes'.</summary>
    internal void Committed(long revision)
    {
        Notify();
        if (notifyFile is null)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BitConverter.TryWriteBytes(bytes, revision);
        try
        {
            RandomAccess.Write(notifyFile, bytes, 0);
        }
        catch (IOException ex)
        {
            if (Interlocked.Exchange(ref notifyFailed, 1) == 0)
            {
                Log.FileWatchFailed(logger, path + "-notify", ex);
            }
        }
    }

    /// <summary>Wakes every waiter.</summary>
    internal void Notify() => Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
