namespace Calico.Sdk.Dataplane;

/// <summary>A dataplane's health as reported to readiness probes.</summary>
/// <param name="Synced">Whether the first reconcile has completed.</param>
/// <param name="Ready">Synced and fewer than <see cref="MaxConsecutiveFailures"/> consecutive failures.</param>
/// <param name="AppliedGeneration">The engine generation that is live in the kernel.</param>
/// <param name="ConsecutiveFailures">Failed applies since the last success.</param>
/// <param name="LastError">The last failure's message, or null.</param>
public sealed record DataplaneStatus(bool Synced, bool Ready, long AppliedGeneration, int ConsecutiveFailures, string? LastError)
{
    /// <summary>Consecutive failures after which a dataplane reports not ready.</summary>
    public const int MaxConsecutiveFailures = 3;

    /// <summary>The status before the first reconcile.</summary>
    public static DataplaneStatus Initial { get; } = new(false, false, 0, 0, null);
}
