namespace Calico.Sdk.Ipam;

/// <summary>Inputs of an IPAM garbage-collection pass.</summary>
/// <param name="WorkloadExists">Says whether the workload behind a handle (with its stored attributes) still exists.</param>
/// <param name="GracePeriod">A leaked address is freed only once it has looked leaked for this long.</param>
public sealed record IpamGcRequest(
    Func<string, IReadOnlyDictionary<string, string>, CancellationToken, ValueTask<bool>> WorkloadExists,
    TimeSpan GracePeriod);
