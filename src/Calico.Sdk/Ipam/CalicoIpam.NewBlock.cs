namespace Calico.Sdk.Ipam;

/// <content>Finding a block to claim (Calico's <c>findUsableBlock</c> and empty-block reclaim).</content>
public sealed partial class CalicoIpam
{
    /// <summary>How far past the existing blocks the walk looks for an unclaimed, unreserved block.</summary>
    private const int MaxSearchBeyondExisting = 65_536;

    /// <summary>
    /// Claims a block for the host: the first CIDR in the host-seeded walk of each pool with no block object and not
    /// wholly reserved; failing that, an empty block of another host whose claim is older than
    /// <see cref="CalicoIpamOptions.EmptyBlockReclaimAge"/>. Null when there is none.
    /// </summary>
    private async Task<IpCidr?> ClaimNewBlockAsync(string host, List<IpamPool> pools, IpamSnapshot snapshot, List<Calico.Sdk.Resources.IPAMBlock> blocks, CancellationToken ct)
    {
        var existing = new HashSet<IpCidr>();
        foreach (var b in blocks)
        {
            if (IpCidr.TryParse(b.Spec.Cidr, out var c, out _))
            {
                existing.Add(c);
            }
        }

        foreach (var pool in pools)
        {
            var layout = pool.Layout;
            var search = new BlockSearch(layout, host);
            var inPool = existing.Count(pool.Cidr.Overlaps);

            // Blocks of another size (a pool re-created with a new block size) must not be overlapped either.
            var odd = existing.Where(e => e.PrefixLength != layout.BlockPrefixLength && e.Overlaps(pool.Cidr)).ToList();
            var limit = UInt128.Min(layout.BlockCount, (UInt128)(uint)(inPool + MaxSearchBeyondExisting));
            for (var position = UInt128.Zero; position < limit; position++)
            {
                var cidr = layout.BlockAt(search.IndexAt(position));
                if (existing.Contains(cidr) || odd.Any(e => e.Overlaps(cidr)) || snapshot.Reserved.CoversBlock(cidr))
                {
                    continue;
                }

                existing.Add(cidr);
                if (await ClaimBlockAsync(host, cidr, ct).ConfigureAwait(false))
                {
                    return Claimed(cidr, blocks);
                }
            }
        }

        // No unclaimed block: take over an empty block another host has held long enough.
        var now = _time.GetUtcNow();
        foreach (var pool in pools)
        {
            var search = new BlockSearch(pool.Layout, host);
            var reclaimable = blocks
                .Select(b => (Block: b, Ab: new AllocationBlock(b.Spec)))
                .Where(x => pool.Layout.IsBlock(x.Ab.Cidr)
                    && x.Ab.AffineHost is { } owner && owner != host
                    && IsEmptyAfterCoolDown(x.Ab, now, snapshot)
                    && now - (Rfc3339.Parse(x.Block.Spec.AffinityClaimTime) ?? DateTimeOffset.MinValue) >= _options.EmptyBlockReclaimAge)
                .OrderBy(x => search.PositionOf(pool.Layout.IndexOf(x.Ab.Cidr.Network)))
                .ToList();
            foreach (var (_, ab) in reclaimable)
            {
                if (await ReleaseAffinityAsync(ab.AffineHost!, ab.Cidr, requireEmpty: true, ct).ConfigureAwait(false)
                    && await ClaimBlockAsync(host, ab.Cidr, ct).ConfigureAwait(false))
                {
                    return Claimed(ab.Cidr, blocks);
                }
            }
        }

        return null;
    }

    /// <summary>Puts the claimed block's new state into the caller's listing, so later steps see it as ours.</summary>
    private IpCidr Claimed(IpCidr cidr, List<Calico.Sdk.Resources.IPAMBlock> blocks)
    {
        var name = IpamNames.Block(cidr);
        blocks.RemoveAll(b => b.Metadata.Name == name);
        if (_blockCache.TryGetValue(name, out var block))
        {
            blocks.Add(block);
        }

        return cidr;
    }

    private static bool IsEmptyAfterCoolDown(AllocationBlock block, DateTimeOffset now, IpamSnapshot snapshot)
    {
        block.CollectGarbage(now, snapshot.Settings.IpCoolDown);
        return block.IsEmpty;
    }
}
