using System.Net;

namespace Calico.Sdk.Ipam;

/// <summary>What a garbage-collection pass freed.</summary>
/// <param name="ReleasedAddresses">Leaked addresses freed.</param>
/// <param name="ReleasedBlocks">Empty blocks whose affinity and object were removed.</param>
/// <param name="Candidates">Addresses that look leaked but are still inside the grace period.</param>
public sealed record IpamGcResult(IReadOnlyList<IPAddress> ReleasedAddresses, IReadOnlyList<string> ReleasedBlocks, int Candidates);
