using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>
/// Remembering that a set of pools is completely full, so that the requests that keep arriving at a full pool cost
/// one tiny read instead of a listing of every block. The memory is exact, not a heuristic: it holds only while the
/// store revision is unchanged (no write at all happened since the listing that proved the pools full) and only
/// when nothing could free an address without a write (no empty block to reclaim, no address cooling down).
/// </content>
public sealed partial class CalicoIpam
{
    private volatile ExhaustedPools? _exhausted;

    /// <summary>A proof that some pools had no room for anyone at one store revision.</summary>
    private sealed record ExhaustedPools(string PoolsKey, string Revision);

    private static string PoolsKey(List<IpamPool> pools) =>
        string.Join(";", pools.Select(p => $"{p.Name}={p.Layout.Pool}/{p.Layout.BlockPrefixLength}"));

    /// <summary>Whether the pools were proven full and the store has not changed since.</summary>
    private async Task<bool> StillExhaustedAsync(List<IpamPool> pools, CancellationToken ct)
    {
        var memo = _exhausted;
        if (memo is null || memo.PoolsKey != PoolsKey(pools))
        {
            return false;
        }

        var probe = await _store.Datastore.ListAsync(ResourceKinds.IPAMBlock, new ListOptions { Limit = 1 }, ct).ConfigureAwait(false);
        return probe.Revision == memo.Revision;
    }

    /// <summary>Records that a listing at <paramref name="revision"/> shows no room in the pools for anyone.</summary>
    private void NoteIfExhausted(List<IpamPool> pools, List<IPAMBlock> blocks, string revision, IpamSnapshot snapshot)
    {
        var now = _time.GetUtcNow();
        var existing = new HashSet<IpCidr>();
        foreach (var block in blocks)
        {
            var ab = new AllocationBlock(block.Spec);
            if (!pools.Any(p => p.Cidr.Overlaps(ab.Cidr)))
            {
                continue;
            }

            // Room, an empty block (reclaimable some day) or a cool-down (ends without a write): not provably full.
            if (ab.AvailableCount(now, snapshot.Settings.IpCoolDown, snapshot.Reserved.ForBlock(ab.Cidr)) > 0
                || ab.IsEmpty
                || Enumerable.Range(0, ab.Size).Any(ab.IsCoolingDown))
            {
                return;
            }

            existing.Add(ab.Cidr);
        }

        foreach (var pool in pools)
        {
            if (pool.Layout.BlockCount > 4096)
            {
                return;
            }

            for (var i = UInt128.Zero; i < pool.Layout.BlockCount; i++)
            {
                var cidr = pool.Layout.BlockAt(i);
                if (!existing.Contains(cidr) && !snapshot.Reserved.CoversBlock(cidr))
                {
                    return;
                }
            }
        }

        _exhausted = new ExhaustedPools(PoolsKey(pools), revision);
    }
}
