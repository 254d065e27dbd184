using Microsoft.Extensions.Logging;

namespace Calico.Routing.Vxlan;

/// <summary>Source-generated log messages of the VXLAN router.</summary>
internal static partial class VxlanLog
{
    [LoggerMessage(1, LogLevel.Warning, "vxlan: device {Device} has other VXLAN parameters than configured; recreating it")]
    public static partial void Recreating(ILogger logger, string device);

    [LoggerMessage(2, LogLevel.Warning, "vxlan: {Message}")]
    public static partial void Skipped(ILogger logger, string message);

    [LoggerMessage(3, LogLevel.Information, "vxlan: removed {Device}: {Reason}")]
    public static partial void Removed(ILogger logger, string device, string reason);
}
