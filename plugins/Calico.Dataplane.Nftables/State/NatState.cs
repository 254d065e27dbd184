using System.Net;
using Calico.Sdk.Resources;

namespace Calico.Dataplane.Nftables.State;

/// <summary>What NAT outgoing needs from the IP pools: the pools to masquerade and every pool ("inside").</summary>
/// <param name="Masquerade">CIDRs of pools with <c>natOutgoing: true</c>.</param>
/// <param name="All">CIDRs of every pool.</param>
internal sealed record NatState(IReadOnlyList<IPNetwork> Masquerade, IReadOnlyList<IPNetwork> All)
{
    /// <summary>No pools: nothing is masqueraded.</summary>
    public static NatState Empty { get; } = new([], []);

    /// <summary>Reads the pools.</summary>
    /// <exception cref="ArgumentException">A pool has a missing or invalid <c>spec.cidr</c>, naming the pool.</exception>
    public static NatState From(IReadOnlyCollection<IPPool> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var masquerade = new List<IPNetwork>();
        var all = new List<IPNetwork>();
        foreach (var pool in pools)
        {
            ArgumentNullException.ThrowIfNull(pool, nameof(pools));
            var cidr = pool.Spec.Cidr;
            if (cidr is null || !IPNetwork.TryParse(cidr, out var network) || !HostBitsClear(cidr, network))
            {
                throw new ArgumentException(
                    $"IPPool '{pool.Metadata.Name}': spec.cidr '{cidr}' is not a CIDR with the host bits clear; no NAT rules changed",
                    nameof(pools));
            }

            all.Add(network);
            if (pool.Spec.NatOutgoing == true)
            {
                masquerade.Add(network);
            }
        }

        return new NatState(masquerade, all);
    }

    // IPNetwork.TryParse masks host bits away silently; Calico rejects a pool CIDR with host bits set.
    private static bool HostBitsClear(string cidr, IPNetwork network) =>
        IPAddress.TryParse(cidr.AsSpan(0, cidr.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? slash : cidr.Length), out var address)
        && address.Equals(network.BaseAddress);
}
