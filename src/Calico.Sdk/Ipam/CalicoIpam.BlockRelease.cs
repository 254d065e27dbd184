using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Releasing inside one block: the block first (compare-and-swap), then the handles.</content>
public sealed partial class CalicoIpam
{
    /// <summary>One ordinal to release, with the checks it must pass.</summary>
    private readonly record struct ReleaseItem(int Ordinal, ulong? Sequence, string? Handle);

    /// <summary>
    /// Frees the given ordinals of a block that are still held (and match their sequence number / handle when given),
    /// deleting the block when it is left empty and unaffine. Returns the freed ordinals with their handles; the
    /// caller decrements the handles.
    /// </summary>
    private async Task<List<(int Ordinal, string Handle)>> ReleaseFromBlockAsync(IpCidr cidr, IReadOnlyList<ReleaseItem> items, IpamSnapshot snapshot, CancellationToken ct)
    {
        var name = IpamNames.Block(cidr);
        var block = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            if (block is null || block.Spec.Deleted == true)
            {
                return [];
            }

            var ab = new AllocationBlock(block.Spec);
            var before = items.Select(i => (i.Ordinal, Seq: ab.SequenceNumberOf(i.Ordinal), Handle: ab.HandleOf(i.Ordinal))).ToList();
            var now = _time.GetUtcNow();
            ab.CollectGarbage(now, snapshot.Settings.IpCoolDown);
            ab.BeginWrite();
            var released = new List<(int Ordinal, string Handle)>();
            foreach (var item in items)
            {
                var handle = ab.HandleOf(item.Ordinal);
                if (ab.Release(item.Ordinal, item.Sequence, item.Handle, now, snapshot.Settings.IpCoolDown > TimeSpan.Zero) == ReleaseOutcome.Released)
                {
                    released.Add((item.Ordinal, handle ?? string.Empty));
                }
            }

            if (released.Count == 0)
            {
                return released;
            }

            var delete = ab.IsEmpty && ab.AffineHost is null;
            try
            {
                if (delete)
                {
                    await _store.DeleteAsync(ResourceKinds.IPAMBlock, name, block.Metadata.ResourceVersion, ct).ConfigureAwait(false);
                    _blockCache.TryRemove(name, out _);
                }
                else
                {
                    _blockCache[name] = await _store.UpdateAsync(ResourceKinds.IPAMBlock, block, ct).ConfigureAwait(false);
                }

                return released;
            }
            catch (ResourceConflictException)
            {
            }
            catch (ResourceNotFoundException)
            {
                return [];
            }
            catch (DatastoreOutcomeUnknownException)
            {
                var back = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
                var committed = back is null
                    || (back.Metadata.ResourceVersion != block.Metadata.ResourceVersion
                        && released.All(r =>
                        {
                            var b = new AllocationBlock(back.Spec);
                            var old = before.First(x => x.Ordinal == r.Ordinal);
                            return !(b.HandleOf(r.Ordinal) == old.Handle && b.SequenceNumberOf(r.Ordinal) == old.Seq);
                        }));
                IpamLog.Reconciled(_logger, delete ? "block delete" : "block update", name, committed ? "committed" : "not committed");
                if (committed)
                {
                    _blockCache.TryRemove(name, out _);
                    return released;
                }

                block = back;
                continue;
            }

            block = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
        }

        throw new IpamConflictException($"block {cidr}: too many concurrent updates ({_options.MaxConflictRetries} compare-and-swap conflicts)");
    }

    /// <summary>Decrements the handles of released ordinals, one write per handle.</summary>
    private async Task DecrementHandlesAsync(string blockCidr, IEnumerable<(int Ordinal, string Handle)> released, CancellationToken ct)
    {
        foreach (var group in released.Where(r => r.Handle.Length > 0).GroupBy(r => r.Handle, StringComparer.Ordinal))
        {
            await DecrementHandleAsync(group.Key, blockCidr, group.Count(), ct).ConfigureAwait(false);
        }
    }
}
