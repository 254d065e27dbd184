using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Allocating inside one block: handle first, then the block (compare-and-swap).</content>
public sealed partial class CalicoIpam
{
    /// <summary>
    /// Allocates up to <paramref name="count"/> addresses (or exactly <paramref name="ordinal"/>) from a block for a
    /// handle. Returns nothing when the block is gone, full, or (with <paramref name="requireHost"/>) no longer
    /// affine to that host.
    /// </summary>
    private async Task<List<IpAssignment>> AssignFromBlockAsync(
        IpCidr cidr, int count, int? ordinal, string handleId, IReadOnlyDictionary<string, string> attributes, IpamSnapshot snapshot, string? requireHost, CancellationToken ct)
    {
        var name = IpamNames.Block(cidr);
        var cidrText = cidr.ToString();
        var uncertain = new List<(IReadOnlyList<int> Ordinals, ulong Sequence)>();
        IPAMBlock? block;
        if (_blockCache.TryGetValue(name, out var cached))
        {
            // The last state this instance saw: enough to skip a full block without a read. (A stale "full" is
            // corrected by the fresh listing the caller does before claiming or borrowing.) Never mutated: the
            // write works on a copy.
            if (ordinal is null && !HasRoom(cached, snapshot, requireHost))
            {
                return [];
            }

            block = IpamStore.Clone(cached);
        }
        else
        {
            block = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            if (block is null || block.Spec.Deleted == true)
            {
                _blockCache.TryRemove(name, out _);
                ForgetAffineOf(requireHost);
                return [];
            }

            var ab = new AllocationBlock(block.Spec);

            // A write whose outcome was unknown may have landed after we looked: if a fresh read shows it, it is ours.
            foreach (var (ordinals, sequence) in uncertain)
            {
                if (ordinals.All(o => ab.HandleOf(o) == handleId && ab.SequenceNumberOf(o) == sequence))
                {
                    IpamLog.Reconciled(_logger, "block update", name, "committed late");
                    await IncrementHandleAsync(handleId, cidrText, ordinals.Count, ct).ConfigureAwait(false);
                    _blockCache[name] = block;
                    return [.. ordinals.Select(o => ToAssignment(ab, o, sequence))];
                }
            }

            if (requireHost is not null && ab.AffineHost != requireHost)
            {
                _blockCache.TryRemove(name, out _);
                ForgetAffineOf(requireHost);
                return [];
            }

            var now = _time.GetUtcNow();
            ab.CollectGarbage(now, snapshot.Settings.IpCoolDown);
            var reserved = snapshot.Reserved.ForBlock(cidr);
            if (ordinal is { } wanted && !ab.FreeOrdinals(reserved).Contains(wanted))
            {
                throw new IpAddressInUseException(
                    $"{IpCidr.Format(ab.AddressOf(wanted), cidr.IsV6)} is already allocated"
                    + (ab.HandleOf(wanted) is { } holder ? $" to handle '{holder}'" : ab.IsCoolingDown(wanted) ? " (released, cooling down)" : string.Empty));
            }

            if (ordinal is null && ab.FreeCount(reserved) == 0)
            {
                _blockCache[name] = block;
                return [];
            }

            var seq = ab.BeginWrite();
            IReadOnlyList<int> picked = ordinal is { } o2
                ? ab.AssignOrdinal(o2, handleId, attributes) ? [o2] : []
                : ab.Assign(count, handleId, attributes, reserved);
            await IncrementHandleAsync(handleId, cidrText, picked.Count, ct).ConfigureAwait(false);
            try
            {
                var stored = await _store.UpdateAsync(ResourceKinds.IPAMBlock, block, ct).ConfigureAwait(false);
                _blockCache[name] = stored;
                return [.. picked.Select(o => ToAssignment(ab, o, seq))];
            }
            catch (ResourceConflictException)
            {
                await UndoIncrementAsync(handleId, cidrText, picked.Count).ConfigureAwait(false);
            }
            catch (ResourceNotFoundException)
            {
                await UndoIncrementAsync(handleId, cidrText, picked.Count).ConfigureAwait(false);
                _blockCache.TryRemove(name, out _);
                return [];
            }
            catch (DatastoreOutcomeUnknownException)
            {
                var back = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
                if (back is not null && back.Metadata.ResourceVersion != block.Metadata.ResourceVersion)
                {
                    var backBlock = new AllocationBlock(back.Spec);
                    if (picked.All(o => backBlock.HandleOf(o) == handleId && backBlock.SequenceNumberOf(o) == seq))
                    {
                        IpamLog.Reconciled(_logger, "block update", name, "committed");
                        _blockCache[name] = back;
                        return [.. picked.Select(o => ToAssignment(backBlock, o, seq))];
                    }
                }

                IpamLog.Reconciled(_logger, "block update", name, "not committed");
                uncertain.Add((picked, seq));
                await UndoIncrementAsync(handleId, cidrText, picked.Count).ConfigureAwait(false);
                block = back;
                continue;
            }
            catch (Exception ex) when (ex is DatastoreException or OperationCanceledException)
            {
                // Nothing was written to the block: take the handle increment back, then report the failure.
                await UndoIncrementAsync(handleId, cidrText, picked.Count).ConfigureAwait(false);
                throw;
            }

            block = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
        }

        throw new IpamConflictException($"block {cidr}: too many concurrent updates ({_options.MaxConflictRetries} compare-and-swap conflicts)");
    }

    /// <summary>Whether a block (not modified) could hand out an address now to this caller.</summary>
    private bool HasRoom(IPAMBlock block, IpamSnapshot snapshot, string? requireHost)
    {
        if (block.Spec.Deleted == true || block.Spec.Cidr is null)
        {
            return false;
        }

        var ab = new AllocationBlock(block.Spec);
        return (requireHost is null || ab.AffineHost == requireHost)
            && ab.AvailableCount(_time.GetUtcNow(), snapshot.Settings.IpCoolDown, snapshot.Reserved.ForBlock(ab.Cidr)) > 0;
    }

    /// <summary>Remembers freshly listed blocks as this instance's latest view.</summary>
    private void Remember(IEnumerable<IPAMBlock> blocks)
    {
        foreach (var b in blocks)
        {
            if (b.Metadata.Name is { } n)
            {
                _blockCache[n] = b;
            }
        }
    }

    private static IpAssignment ToAssignment(AllocationBlock block, int ordinal, ulong sequence) =>
        new(IpCidr.ToAddress(block.AddressOf(ordinal), block.Cidr.IsV6), block.Cidr.AddressBits, block.Cidr.ToString(), sequence);
}
