using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp;

/// <summary>A route this node originates.</summary>
/// <param name="Prefix">The block, borrowed address or service range.</param>
/// <param name="Communities">Communities to attach (<c>aa:nn</c> or <c>aa:nn:mm</c>).</param>
/// <param name="Blackhole">Keep a blackhole route for it (the node's own blocks, so unused addresses are dropped).</param>
internal sealed record LocalRoute(BgpPrefix Prefix, IReadOnlyList<string> Communities, bool Blackhole);
