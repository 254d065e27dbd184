using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Garbage collection of affinities and blocks.</content>
public sealed partial class CalicoIpam
{
    /// <summary>
    /// Finishes interrupted claims and releases (pending / pendingDeletion affinities) and removes affinities whose
    /// block is missing or belongs to another host, each after the grace period.
    /// </summary>
    private async Task RepairAffinitiesAsync(TimeSpan grace, CancellationToken ct)
    {
        var blocks = (await _store.ListBlocksAsync(ct).ConfigureAwait(false)).ToDictionary(b => b.Spec.Cidr!, StringComparer.Ordinal);
        foreach (var affinity in await _store.ListAffinitiesAsync(null, ct).ConfigureAwait(false))
        {
            var key = "affinity/" + affinity.Metadata.Name + "@" + affinity.Metadata.ResourceVersion;
            if (affinity.Spec.Node is not { Length: > 0 } node || !IpCidr.TryParse(affinity.Spec.Cidr, out var cidr, out _))
            {
                if (GraceElapsed(key, grace))
                {
                    await DeleteAffinityQuietlyAsync(affinity, ct).ConfigureAwait(false);
                    Forget(key);
                }

                continue;
            }

            var block = blocks.GetValueOrDefault(cidr.ToString());
            var ours = block?.Spec.Affinity == AffinityStates.Host(node);
            var healthy = affinity.Spec.State == AffinityStates.Confirmed && ours;
            if (healthy || !GraceElapsed(key, grace))
            {
                continue;
            }

            if (affinity.Spec.State == AffinityStates.PendingDeletion)
            {
                await ReleaseAffinityAsync(node, cidr, requireEmpty: false, ct).ConfigureAwait(false);
                IpamLog.GcRepaired(_logger, "affinity " + affinity.Metadata.Name, "finished an interrupted release");
            }
            else if (ours)
            {
                await ConfirmAffinityAsync(node, cidr, ct).ConfigureAwait(false);
                IpamLog.GcRepaired(_logger, "affinity " + affinity.Metadata.Name, "confirmed an interrupted claim");
            }
            else
            {
                await DeleteAffinityQuietlyAsync(affinity, ct).ConfigureAwait(false);
                IpamLog.GcRepaired(_logger, "affinity " + affinity.Metadata.Name, block is null ? "deleted: its block does not exist" : $"deleted: its block is affine to {block.Spec.Affinity ?? "nobody"}");
            }

            Forget(key);
        }
    }

    /// <summary>
    /// Deletes empty unaffine blocks, blocks affine to a host without an affinity, and empty blocks outside every
    /// pool; releases a host's empty block after two observations spanning the grace period, never its last block.
    /// </summary>
    private async Task<List<string>> CollectBlocksAsync(TimeSpan grace, IpamSnapshot snapshot, CancellationToken ct)
    {
        var released = new List<string>();
        var now = _time.GetUtcNow();
        var blocks = await _store.ListBlocksAsync(ct).ConfigureAwait(false);
        var affinities = (await _store.ListAffinitiesAsync(null, ct).ConfigureAwait(false))
            .Where(a => a.Spec.State != AffinityStates.PendingDeletion)
            .Select(a => (a.Spec.Node, a.Spec.Cidr))
            .ToHashSet();
        var blocksPerHost = blocks.Select(b => new AllocationBlock(b.Spec).AffineHost).Where(h => h is not null).GroupBy(h => h!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var block in blocks)
        {
            var ab = new AllocationBlock(block.Spec);
            ab.CollectGarbage(now, snapshot.Settings.IpCoolDown);
            var cidr = ab.Cidr.ToString();
            var key = "block/" + cidr;
            var host = ab.AffineHost;
            var inPool = snapshot.Pools.Any(p => p.Layout.IsBlock(ab.Cidr));
            if (!ab.IsEmpty)
            {
                Forget(key);
                if (host is not null && !affinities.Contains((host, cidr)) && GraceElapsed("unowned/" + cidr + "@" + block.Metadata.ResourceVersion, grace))
                {
                    // Affine to a host that holds no affinity for it: make it a plain borrowed-from block.
                    await DeleteOrUnaffineBlockAsync(block, ab, ct).ConfigureAwait(false);
                    IpamLog.GcRepaired(_logger, "block " + cidr, $"cleared affinity {block.Spec.Affinity}: no such BlockAffinity");
                }

                continue;
            }

            bool release;
            if (host is null || !affinities.Contains((host, cidr)) || !inPool)
            {
                release = GraceElapsed(key, grace);
            }
            else
            {
                // Two observations spanning the grace period, and never a node's last block.
                var firstSeen = _gcFirstSeen.TryGetValue(key, out var f) ? f : (DateTimeOffset?)null;
                GraceElapsed(key, grace);
                release = firstSeen is { } seen && now - seen >= grace && blocksPerHost.GetValueOrDefault(host) > 1;
            }

            if (!release)
            {
                continue;
            }

            var done = host is not null && affinities.Contains((host, cidr))
                ? await ReleaseAffinityAsync(host, ab.Cidr, requireEmpty: true, ct).ConfigureAwait(false)
                : await DeleteEmptyBlockAsync(block, ct).ConfigureAwait(false);
            if (done)
            {
                released.Add(cidr);
                if (host is not null)
                {
                    blocksPerHost[host] = blocksPerHost.GetValueOrDefault(host) - 1;
                }
            }

            Forget(key);
        }

        return released;
    }

    private async Task<bool> DeleteEmptyBlockAsync(IPAMBlock block, CancellationToken ct)
    {
        try
        {
            await _store.DeleteAsync(ResourceKinds.IPAMBlock, block.Metadata.Name!, block.Metadata.ResourceVersion, ct).ConfigureAwait(false);
            _blockCache.TryRemove(block.Metadata.Name!, out _);
            return true;
        }
        catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException)
        {
            return false;
        }
        catch (DatastoreOutcomeUnknownException)
        {
            return await _store.GetBlockAsync(block.Metadata.Name!, ct).ConfigureAwait(false) is null;
        }
    }
}
