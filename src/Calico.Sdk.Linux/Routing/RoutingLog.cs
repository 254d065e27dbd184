using Microsoft.Extensions.Logging;

namespace Calico.Sdk.Linux.Routing;

/// <summary>Source-generated log messages of the kernel routers.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(1, LogLevel.Information, "routing {Router}: started for node {Node} (route protocol {Protocol})")]
    public static partial void Started(ILogger logger, string router, string node, byte protocol);

    [LoggerMessage(2, LogLevel.Debug, "routing {Router}: {Changes} kernel changes, {Owned} objects owned")]
    public static partial void Programmed(ILogger logger, string router, int changes, int owned);
}
