using System.Numerics;

namespace Calico.Sdk.Ipam;

/// <content>Utilisation for <c>calicoctl ipam show</c>.</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    public async Task<IpamUtilization> GetUtilizationAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken, fresh: true).ConfigureAwait(false);
        var blocks = (await _store.ListBlocksAsync(cancellationToken).ConfigureAwait(false)).Select(b => new AllocationBlock(b.Spec)).ToList();
        var pools = new List<PoolUtilization>();
        foreach (var pool in snapshot.Pools.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var inPool = blocks.Where(b => pool.Cidr.Contains(b.Cidr)).OrderBy(b => b.Cidr.Network).Select(b =>
            {
                var inUse = 0;
                var borrowed = 0;
                for (var o = 0; o < b.Size; o++)
                {
                    if (b.IsInUse(o))
                    {
                        inUse++;
                        var node = b.AttributeOf(o)?.Secondary is { } attrs && attrs.TryGetValue("node", out var n) ? n : null;
                        if (b.AffineHost is null || (node is not null && node != b.AffineHost))
                        {
                            borrowed++;
                        }
                    }
                }

                return new BlockUtilization(b.Cidr.ToString(), b.Affinity, b.Size, inUse, borrowed);
            }).ToList();
            var capacity = pool.Cidr.HostBits >= 128 ? BigInteger.One << 128 : new BigInteger((ulong)(pool.Cidr.Size >> 64)) * (BigInteger.One << 64) + new BigInteger((ulong)pool.Cidr.Size);
            pools.Add(new PoolUtilization(pool.Name, pool.Cidr.ToString(), capacity, inPool.Sum(b => (long)b.InUse), inPool));
        }

        var affinities = await _store.ListAffinitiesAsync(null, cancellationToken).ConfigureAwait(false);
        var byNode = affinities
            .Where(a => a.Spec.State == AffinityStates.Confirmed && a.Spec.Node is not null && a.Spec.Cidr is not null)
            .GroupBy(a => a.Spec.Node!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(a => a.Spec.Cidr!).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
        return new IpamUtilization(pools, byNode);
    }
}
