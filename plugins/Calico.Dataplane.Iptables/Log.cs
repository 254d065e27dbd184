using Microsoft.Extensions.Logging;

namespace Calico.Dataplane.Iptables;

/// <summary>Source-generated log messages of the iptables dataplane.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "iptables: reconciled to generation {Generation} ({Commands} commands, {Milliseconds:F1} ms, backend {Backend})")]
    public static partial void Reconciled(ILogger logger, long generation, int commands, double milliseconds, IptablesBackend backend);

    [LoggerMessage(2, LogLevel.Debug, "iptables: applied delta {Generation} ({Commands} commands, {Milliseconds:F1} ms)")]
    public static partial void Applied(ILogger logger, long generation, int commands, double milliseconds);

    [LoggerMessage(3, LogLevel.Warning, "iptables: apply failed ({Failures} in a row); retrying with a full reconcile")]
    public static partial void ApplyFailed(ILogger logger, int failures, Exception error);

    [LoggerMessage(4, LogLevel.Warning, "iptables: our chains or IP sets differ from what was committed (tampered or removed); repairing")]
    public static partial void Tampered(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "iptables: refresh check failed")]
    public static partial void RefreshFailed(ILogger logger, Exception error);

    [LoggerMessage(6, LogLevel.Warning, "iptables: restoring the previous state after a failed apply failed too")]
    public static partial void RollbackFailed(ILogger logger, Exception error);

    [LoggerMessage(7, LogLevel.Information, "iptables: removed our leftovers from the {Backend} backend's IPv{Family} filter table")]
    public static partial void RemovedOtherBackend(ILogger logger, IptablesBackend backend, int family);

    [LoggerMessage(8, LogLevel.Debug, "iptables: IP sets {Sets} are still in use by the kernel; destroying them later")]
    public static partial void DestroyDeferred(ILogger logger, string sets);
}
