using Calico.Sdk.Datastore;

namespace Calico.Datastore.Sqlite;

/// <summary>Settings of <see cref="SqliteDatastore"/>.</summary>
public sealed class SqliteDatastoreOptions
{
    /// <summary>The database file (<c>SQLITE_PATH</c>); its directory is created when missing. Default <c>/var/lib/calico/calico.db</c>.</summary>
    public string Path { get; set; } = DatastoreOptions.DefaultSqlitePath;

    /// <summary>The durability of commits. Default <see cref="SqliteSynchronousMode.Full"/>.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a write waits for another process's write lock before failing as unavailable. Default 10 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many change events are kept for watches and consistent paging (older revisions are compacted). Default
    /// 100,000. Shared by every process using the file: the smallest value among them wins.
    /// </summary>
    public int EventRetention { get; set; } = 100_000;

    /// <summary>
    /// How often watchers re-check the file when no change notification arrived: a safety net under the inotify
    /// wake-up, not the normal path. Default 1 s.
    /// </summary>
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest encoded value accepted. Default <see cref="DatastoreLimits.DefaultMaxValueBytes"/>.</summary>
    public int MaxValueBytes { get; set; } = DatastoreLimits.DefaultMaxValueBytes;

    /// <summary>The clock for <c>creationTimestamp</c> and sync back-off.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Options for the file named by a <see cref="DatastoreOptions"/> (e.g. from <c>SQLITE_PATH</c>).</summary>
    /// <param name="options">The datastore options.</param>
    /// <returns>SQLite options with that path.</returns>
    public static SqliteDatastoreOptions From(DatastoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SqliteDatastoreOptions { Path = options.SqlitePath };
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new DatastoreConfigurationException("SqliteDatastoreOptions.Path is empty: give the database file (SQLITE_PATH).");
        }

        if (EventRetention < 1)
        {
            throw new DatastoreConfigurationException($"SqliteDatastoreOptions.EventRetention is {EventRetention}; it must be at least 1.");
        }

        if (BusyTimeout <= TimeSpan.Zero || FallbackPollInterval <= TimeSpan.Zero)
        {
            throw new DatastoreConfigurationException("SqliteDatastoreOptions.BusyTimeout and FallbackPollInterval must be positive.");
        }

        if (MaxValueBytes < 1)
        {
            throw new DatastoreConfigurationException($"SqliteDatastoreOptions.MaxValueBytes is {MaxValueBytes}; it must be positive.");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new DatastoreConfigurationException($"SqliteDatastoreOptions.Synchronous is {(int)Synchronous}; use Full or Normal.");
        }
    }
}
