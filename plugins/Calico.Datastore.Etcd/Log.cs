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

    [LoggerMessage(5, LogLevel.Information, "etcd client certificate {CertFile} reloaded: {Subject}, valid until {NotAfter}")]
    public static partial void ClientCertificateReloaded(ILogger logger, string certFile, string subject, DateTime notAfter);

    [LoggerMessage(6, LogLevel.Warning, "etcd client certificate {CertFile} / key {KeyFile} could not be reloaded, the previous one stays in use: {Reason}")]
    public static partial void ClientCertificateReloadFailed(ILogger logger, string certFile, string keyFile, string reason);

    [LoggerMessage(4, LogLevel.Debug, "etcd watch of {Kind} skipped key {Key}, which is not in the kind's layout")]
    public static partial void ForeignKeySkipped(ILogger logger, string kind, string key);
}
