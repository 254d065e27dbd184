using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Datastore.Sqlite;

/// <summary>
/// The embedded datastore: one SQLite file in WAL mode shared safely by any number of processes on the host.
/// Every write is one <c>BEGIN IMMEDIATE</c> transaction that bumps a global revision counter, writes the
/// resource and appends to the event log; watchers in this and other processes are woken at once (in-process
/// signal, inotify on the <c>-wal</c> file) with a slow poll as a safety net.
/// </summary>
public sealed partial class SqliteDatastore : IDatastore
{
    private readonly SqliteDatastoreOptions options;
    private readonly ILogger logger;
    private readonly string connectionString;
    private readonly string pragmas;
    private readonly SqliteFileHub hub;
    private readonly CancellationTokenSource lifetime = new();
    private readonly CancellationToken lifetimeToken;
    private readonly long compactEvery;
    private int disposed;

    // The revision of the last write of this instance, set inside the write gate and read right after commit.
    private long lastRevision;

    // The writer connection, created and used only inside the write gate.
    private SessionConnection? writer;

    /// <summary>Opens (creating when needed) the database file and its schema.</summary>
    /// <param name="options">The file and its settings.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="DatastoreConfigurationException">The options are invalid, or the file cannot be used (permissions, not a database, newer schema).</exception>
    /// <exception cref="DatastoreUnavailableException">The file is locked by another process beyond the busy timeout.</exception>
    public SqliteDatastore(SqliteDatastoreOptions options, ILogger<SqliteDatastore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        lifetimeToken = lifetime.Token;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        var path = System.IO.Path.GetFullPath(options.Path);
        Path = path;
        compactEvery = Math.Clamp(options.EventRetention / 8, 1, 1024);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // the store pools its own connections (see SessionConnection)
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout={(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous={(options.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL")};");

        try
        {
            var directory = System.IO.Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(directory);
            var created = !File.Exists(path);
            var connection = Open();
            try
            {
                if (created && !OperatingSystem.IsWindows())
                {
                    // Cluster data: readable by the owner only; SQLite gives -wal and -shm the same mode.
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                SqliteSchema.Initialize(connection, path);
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            idleReaders.Push(connection); // the first reader
        }
        catch (SqliteException ex) when (IsBusy(ex))
        {
            throw new DatastoreUnavailableException($"SQLite file {path} is locked by another process: {ex.Message}", innerException: ex);
        }
        catch (SqliteException ex)
        {
            throw new DatastoreConfigurationException($"SQLite file {path} cannot be used: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatastoreConfigurationException($"SQLite file {path} cannot be created: {ex.Message}", ex);
        }

        hub = SqliteFileHub.Acquire(path, this.logger);
        Log.Opened(this.logger, path, options.Synchronous.ToString(), options.EventRetention);
    }

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        var stored = ResourceCodec.PrepareCreate(kind, resource, options.TimeProvider);
        var value = ResourceCodec.Encode(kind, stored, options.MaxValueBytes);
        var ns = stored.Metadata.Namespace;
        var name = stored.Metadata.Name!;
        return WriteAsync("create", kind, ns, name, cancellationToken, (connection, tx) =>
        {
            if (ReadCurrent(connection, tx, kind, ns, name) is not null)
            {
                throw new ResourceAlreadyExistsException(kind.Kind, ns, name);
            }

            stored.Metadata.ResourceVersion = Format(Put(connection, tx, kind, ns, name, value, null));
            return stored;
        });
    }

    /// <inheritdoc />
    public Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        var stored = ResourceCodec.PrepareUpdate(kind, resource, out var expected);
        var value = ResourceCodec.Encode(kind, stored, options.MaxValueBytes);
        var ns = stored.Metadata.Namespace;
        var name = stored.Metadata.Name!;
        return WriteAsync("update", kind, ns, name, cancellationToken, (connection, tx) =>
        {
            var current = ReadCurrent(connection, tx, kind, ns, name) ?? throw new ResourceNotFoundException(kind.Kind, ns, name);
            if (Format(current.Revision) != expected)
            {
                throw new ResourceConflictException(kind.Kind, ns, name, expected, Format(current.Revision));
            }

            stored.Metadata.ResourceVersion = Format(Put(connection, tx, kind, ns, name, value, current));
            return stored;
        });
    }

    /// <inheritdoc />
    public Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        return WriteAsync("delete", kind, ns, name, cancellationToken, (connection, tx) =>
        {
            var current = ReadCurrent(connection, tx, kind, ns, name) ?? throw new ResourceNotFoundException(kind.Kind, ns, name);
            if (expectedRevision is not null && Format(current.Revision) != expectedRevision)
            {
                throw new ResourceConflictException(kind.Kind, ns, name, expectedRevision, Format(current.Revision));
            }

            return Put(connection, tx, kind, ns, name, null, current);
        });
    }

    /// <summary>
    /// Makes every commit made so far on this file durable (fsync of the write-ahead log), for instances opened with
    /// <see cref="SqliteSynchronousMode.Normal"/>: a short-lived writer (the CNI plugin) commits several times without
    /// an fsync each and acknowledges its caller only after one flush, instead of paying one fsync per commit. With
    /// <see cref="SqliteSynchronousMode.Full"/> every commit is already durable and this is a cheap no-op fsync.
    /// </summary>
    /// <exception cref="DatastoreUnavailableException">The log could not be synced.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
        try
        {
            // fsync works on any descriptor of the inode. No log means every commit was checkpointed into the main
            // file, and checkpoints sync it.
            using var wal = new FileStream(Path + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            wal.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // Checkpointed and removed: nothing pending.
        }
        catch (IOException ex)
        {
            throw new DatastoreUnavailableException($"SQLite file {Path}: the write-ahead log could not be synced: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>
    /// Drops the whole event history up to the current revision (watches and list continuations from older
    /// revisions then fail with <see cref="RevisionCompactedException"/>). Routine trimming to
    /// <see cref="SqliteDatastoreOptions.EventRetention"/> happens automatically.
    /// </summary>
    /// <param name="cancellationToken">Cancels before the compaction starts.</param>
    /// <returns>A task that completes when the history is gone.</returns>
    public Task CompactAsync(CancellationToken cancellationToken = default) =>
        WriteAsync("compact", null, null, "events", cancellationToken, (connection, tx) =>
        {
            var (revision, _) = ReadMeta(connection, tx);
            Execute(connection, tx, "DELETE FROM events WHERE revision <= $r; UPDATE meta SET value = max(value, $r) WHERE key = 'compacted';", ("$r", revision));
            return revision;
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await lifetime.CancelAsync().ConfigureAwait(false);
        await hub.WriteGate.WaitAsync().ConfigureAwait(false);
        try
        {
            writer?.Dispose();
            writer = null;
        }
        finally
        {
            hub.WriteGate.Release();
        }

        DisposeIdleReaders();
        hub.Release();
        lifetime.Dispose();
    }

    /// <summary>Stores raw bytes under a key as a broken or foreign writer would (tests of bad data).</summary>
    internal Task<long> WriteRawValueAsync(ResourceKind kind, string? @namespace, string name, byte[] value, CancellationToken cancellationToken)
    {
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        return WriteAsync("raw write", kind, ns, name, cancellationToken, (connection, tx) =>
            Put(connection, tx, kind, ns, name, value, ReadCurrent(connection, tx, kind, ns, name)));
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string KindKey(ResourceKind kind) => kind.ApiVersion + "/" + kind.Kind;

    private static string Key(string? ns, string name) => ns is null ? name : ns + "/" + name;

    private static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    private SessionConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) == 1, this);
        var connection = new SessionConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
