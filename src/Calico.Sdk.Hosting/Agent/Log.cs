using Microsoft.Extensions.Logging;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>The agent's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "calico-node {Node} starting (version {Version}, dataplane {Dataplane}, routers [{Routers}])")]
    public static partial void Starting(ILogger logger, string node, string version, string dataplane, string routers);

    [LoggerMessage(2, LogLevel.Information, "created default IP pool(s): {Count}")]
    public static partial void PoolsCreated(ILogger logger, int count);

    [LoggerMessage(3, LogLevel.Information, "registered node {Node} with IPv4 {IPv4}, VXLAN tunnel {Tunnel} {Mac}")]
    public static partial void NodeRegistered(ILogger logger, string node, string? iPv4, string? tunnel, string? mac);

    [LoggerMessage(4, LogLevel.Information, "in sync with the datastore: {Endpoints} local endpoints, {Nodes} nodes")]
    public static partial void InSync(ILogger logger, int endpoints, int nodes);

    [LoggerMessage(5, LogLevel.Warning, "dataplane apply failed (will resync): {Message}")]
    public static partial void DataplaneFailed(ILogger logger, string message);

    [LoggerMessage(6, LogLevel.Warning, "router {Router} failed: {Message}")]
    public static partial void RouterFailed(ILogger logger, string router, string message);

    [LoggerMessage(7, LogLevel.Warning, "configuration needs a restart ({Parameters} changed); exiting with code 129")]
    public static partial void RestartRequired(ILogger logger, string parameters);

    [LoggerMessage(8, LogLevel.Warning, "routers needed but not registered: {Missing}")]
    public static partial void RoutersMissing(ILogger logger, string missing);

    [LoggerMessage(9, LogLevel.Warning, "ignoring invalid {Update}: {Message}")]
    public static partial void InvalidInput(ILogger logger, string update, string message);

    [LoggerMessage(10, LogLevel.Information, "IPAM sweep freed {Count} leaked address(es)")]
    public static partial void GcReleased(ILogger logger, int count);

    [LoggerMessage(11, LogLevel.Warning, "IPAM sweep failed: {Message}")]
    public static partial void GcFailed(ILogger logger, string message);

    [LoggerMessage(12, LogLevel.Warning, "route programming failed (will retry): {Message}")]
    public static partial void RouteFailed(ILogger logger, string message);

    [LoggerMessage(13, LogLevel.Information, "applied live configuration change: {Parameters}")]
    public static partial void LiveConfig(ILogger logger, string parameters);

    [LoggerMessage(14, LogLevel.Error, "node agent failed: {Message}")]
    public static partial void Failed(ILogger logger, Exception exception, string message);

    [LoggerMessage(15, LogLevel.Debug, "endpoint {Endpoint} programmed at {Revision}")]
    public static partial void EndpointProgrammed(ILogger logger, string endpoint, string revision);

    [LoggerMessage(16, LogLevel.Warning, "CNI teardown request failed: {Message}")]
    public static partial void TeardownRequestFailed(ILogger logger, string message);

    [LoggerMessage(17, LogLevel.Warning, "deleting workload interface {Index} for the CNI plugin failed: {Message}")]
    public static partial void TeardownFailed(ILogger logger, int index, string message);

    [LoggerMessage(18, LogLevel.Debug, "deleted workload interface {Name} (index {Index}) for the CNI plugin")]
    public static partial void TeardownDone(ILogger logger, string name, int index);
}
