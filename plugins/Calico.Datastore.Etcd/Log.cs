using Microsoft.Extensions.Logging;

namespace Calico.Datastore.Etcd;

/// <summary>Source-generated log messages of the etcd backend.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "etcd {Operation} of {Kind} {Namespace}/{Name} failed: {Outcome} ({Detail})")]
    public static partial void WriteFailed(ILogger logger, string operation, string kind, string? @namespace, string name, string outcome, string detail);

    [LoggerMessage(2, LogLevel.Warning, "etcd watch of {Kind} interrupted before revision {NextRevision}; retrying in {Delay}: {Reason}")]
    public static partial void WatchInterrupted(ILogger logger, string kind, long nextRevision, TimeSpan delay, string reason);

    [LoggerMessage(3, LogLevel.Information, "etcd watch of {Kind} resumed from revision {NextRevision}")]
    public static partial void WatchResumed(ILogger logger, string kind, long nextRevision);

    [LoggerMessage(4, LogLevel.Debug, "etcd watch of {Kind} skipped key {Key}, which is not in the kind's layout")]
    public static partial void ForeignKeySkipped(ILogger logger, string kind, string key);
}
