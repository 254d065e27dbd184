using Microsoft.Extensions.Logging;

namespace Calico.Dataplane.Nftables;

/// <summary>Source-generated log messages of the nftables dataplane.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "nftables: reconciled table {Table} to generation {Generation} ({Commands} commands, nft {Milliseconds:F1} ms)")]
    public static partial void Reconciled(ILogger logger, string table, long generation, int commands, double milliseconds);

    [LoggerMessage(2, LogLevel.Debug, "nftables: applied delta {Generation} to {Table} ({Commands} commands, nft {Milliseconds:F1} ms)")]
    public static partial void Applied(ILogger logger, string table, long generation, int commands, double milliseconds);

    [LoggerMessage(3, LogLevel.Warning, "nftables: apply to {Table} failed ({Failures} in a row); retrying with a full reconcile")]
    public static partial void ApplyFailed(ILogger logger, string table, int failures, Exception error);

    [LoggerMessage(4, LogLevel.Warning, "nftables: table {Table} differs from what was committed (tampered or removed); repairing")]
    public static partial void Tampered(ILogger logger, string table);

    [LoggerMessage(5, LogLevel.Warning, "nftables: refresh check of {Table} failed")]
    public static partial void RefreshFailed(ILogger logger, string table, Exception error);
}
