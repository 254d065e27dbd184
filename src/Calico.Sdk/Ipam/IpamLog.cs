using Microsoft.Extensions.Logging;

namespace Calico.Sdk.Ipam;

/// <summary>Source-generated log messages of <see cref="CalicoIpam"/>.</summary>
internal static partial class IpamLog
{
    [LoggerMessage(1, LogLevel.Warning, "IPAM ignores an unusable object: {Problem}")]
    public static partial void Unusable(ILogger logger, string problem);

    [LoggerMessage(2, LogLevel.Information, "Node {Node} claimed IPAM block {Block}")]
    public static partial void Claimed(ILogger logger, string node, string block);

    [LoggerMessage(3, LogLevel.Information, "Released the affinity of node {Node} for block {Block}")]
    public static partial void AffinityReleased(ILogger logger, string node, string block);

    [LoggerMessage(4, LogLevel.Warning, "Clean-up after a failed IPAM call did not complete; garbage collection will finish it")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "A {Operation} with unknown outcome on {Subject} was reconciled: {Result}")]
    public static partial void Reconciled(ILogger logger, string operation, string subject, string result);

    [LoggerMessage(6, LogLevel.Information, "IPAM GC released {Count} leaked address(es) of handle {Handle}")]
    public static partial void GcReleased(ILogger logger, int count, string handle);

    [LoggerMessage(7, LogLevel.Information, "IPAM GC repaired {Subject}: {What}")]
    public static partial void GcRepaired(ILogger logger, string subject, string what);

    [LoggerMessage(8, LogLevel.Debug, "Node {Node} borrowed {Count} address(es) from block {Block} (affine to {Owner})")]
    public static partial void Borrowed(ILogger logger, string node, int count, string block, string owner);
}
