using Microsoft.Extensions.Logging;

namespace Calico.Routing.Direct;

/// <summary>Source-generated log messages of the no-encap router.</summary>
internal static partial class DirectLog
{
    [LoggerMessage(1, LogLevel.Warning, "noencap: {Message}")]
    public static partial void Skipped(ILogger logger, string message);
}
