using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Claiming a block for a host: pending affinity → block → confirmed affinity.</content>
public sealed partial class CalicoIpam
{
    /// <summary>
    /// Claims a block for a host. Returns true when the host owns it afterwards (confirmed affinity, block affine to
    /// the host); false when another host won the block, in which case nothing of ours is left behind.
    /// </summary>
    private async Task<bool> ClaimBlockAsync(string host, IpCidr cidr, CancellationToken ct)
    {
        var affinity = await CreatePendingAffinityAsync(host, cidr, ct).ConfigureAwait(false);
        if (affinity is null)
        {
            return false;
        }

        if (!await CreateOrAdoptBlockAsync(host, cidr, ct).ConfigureAwait(false))
        {
            await DeleteAffinityQuietlyAsync(affinity, ct).ConfigureAwait(false);
            return false;
        }

        await ConfirmAffinityAsync(host, cidr, ct).ConfigureAwait(false);
        IpamLog.Claimed(_logger, host, cidr.ToString());
        return true;
    }

    /// <summary>Creates (or finds) our pending affinity. Null when an affinity of that name is being deleted.</summary>
    private async Task<BlockAffinity?> CreatePendingAffinityAsync(string host, IpCidr cidr, CancellationToken ct)
    {
        var name = IpamNames.Affinity(host, cidr);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var pending = new BlockAffinity
            {
                Metadata = new ObjectMeta { Name = name },
                Spec = new BlockAffinitySpec { State = AffinityStates.Pending, Node = host, Type = "host", Cidr = cidr.ToString() },
            };
            try
            {
                return await _store.CreateAsync(ResourceKinds.BlockAffinity, pending, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ResourceAlreadyExistsException or DatastoreOutcomeUnknownException)
            {
                var existing = await _store.GetAffinityAsync(name, ct).ConfigureAwait(false);
                if (ex is DatastoreOutcomeUnknownException)
                {
                    IpamLog.Reconciled(_logger, "affinity create", name, existing is null ? "not committed" : "exists");
                }

                if (existing is null)
                {
                    continue;
                }

                return existing.Spec.Node == host && existing.Spec.State != AffinityStates.PendingDeletion && existing.Spec.Deleted != true ? existing : null;
            }
        }

        throw new IpamConflictException($"affinity {name}: too many concurrent updates");
    }

    /// <summary>Creates the block affine to the host, or adopts it when it exists unaffine or already ours.</summary>
    private async Task<bool> CreateOrAdoptBlockAsync(string host, IpCidr cidr, CancellationToken ct)
    {
        var name = IpamNames.Block(cidr);
        var affinity = AffinityStates.Host(host);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var spec = AllocationBlock.NewSpec(cidr, affinity, _time.GetUtcNow());
            try
            {
                _blockCache[name] = await _store.CreateAsync(ResourceKinds.IPAMBlock, new IPAMBlock { Metadata = new ObjectMeta { Name = name }, Spec = spec }, ct).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is ResourceAlreadyExistsException or DatastoreOutcomeUnknownException)
            {
                var existing = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
                if (ex is DatastoreOutcomeUnknownException)
                {
                    IpamLog.Reconciled(_logger, "block create", name, existing?.Spec.AffinityClaimTime == spec.AffinityClaimTime ? "committed" : "not committed");
                }

                if (existing is null)
                {
                    continue;
                }

                if (existing.Spec.Deleted == true)
                {
                    return false;
                }

                if (existing.Spec.Affinity == affinity)
                {
                    _blockCache[name] = existing;
                    return true;
                }

                if (existing.Spec.Affinity is not null)
                {
                    return false;
                }

                // An unaffine block (its owner released it while it still held borrowed addresses): take it over.
                existing.Spec.Affinity = affinity;
                existing.Spec.AffinityClaimTime = Rfc3339.Format(_time.GetUtcNow());
                new AllocationBlock(existing.Spec).BeginWrite();
                try
                {
                    _blockCache[name] = await _store.UpdateAsync(ResourceKinds.IPAMBlock, existing, ct).ConfigureAwait(false);
                    return true;
                }
                catch (Exception inner) when (inner is ResourceConflictException or ResourceNotFoundException or DatastoreOutcomeUnknownException)
                {
                    // Re-read and decide again on the next round.
                }
            }
        }

        throw new IpamConflictException($"block {cidr}: too many concurrent updates");
    }

    /// <summary>Moves our affinity to confirmed (re-creating it confirmed if it vanished meanwhile).</summary>
    private async Task ConfirmAffinityAsync(string host, IpCidr cidr, CancellationToken ct)
    {
        var name = IpamNames.Affinity(host, cidr);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var affinity = await _store.GetAffinityAsync(name, ct).ConfigureAwait(false);
            try
            {
                if (affinity is null)
                {
                    await _store.CreateAsync(
                        ResourceKinds.BlockAffinity,
                        new BlockAffinity
                        {
                            Metadata = new ObjectMeta { Name = name },
                            Spec = new BlockAffinitySpec { State = AffinityStates.Confirmed, Node = host, Type = "host", Cidr = cidr.ToString() },
                        },
                        ct).ConfigureAwait(false);
                    return;
                }

                if (affinity.Spec.State == AffinityStates.Confirmed)
                {
                    return;
                }

                affinity.Spec.State = AffinityStates.Confirmed;
                await _store.UpdateAsync(ResourceKinds.BlockAffinity, affinity, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException or ResourceAlreadyExistsException or DatastoreOutcomeUnknownException)
            {
                // Read back and compare on the next round; confirming is idempotent.
            }
        }

        throw new IpamConflictException($"affinity {name}: too many concurrent updates");
    }

    /// <summary>Deletes an affinity of ours at the revision we know; a concurrent change or a loss is left to GC.</summary>
    private async Task DeleteAffinityQuietlyAsync(BlockAffinity affinity, CancellationToken ct)
    {
        try
        {
            await _store.DeleteAsync(ResourceKinds.BlockAffinity, affinity.Metadata.Name!, affinity.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException or DatastoreOutcomeUnknownException)
        {
            // Someone else changed or removed it, or the outcome is unknown: GC removes a pending affinity whose
            // block belongs to another host.
        }
    }
}
