using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Sqlite;

/// <summary>Source-generated log messages of the SQLite datastore.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SQLite datastore {Path} opened (WAL, synchronous={Synchronous}, event retention {Retention}).")]
    internal static partial void Opened(ILogger logger, string path, string synchronous, int retention);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Change notification for {Path} failed; watchers rely on the fallback poll until it recovers.")]
    internal static partial void FileWatchFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Sync read of {Path} failed; retrying in {Delay}.")]
    internal static partial void SyncReadFailed(ILogger logger, string path, TimeSpan delay, Exception exception);
}
