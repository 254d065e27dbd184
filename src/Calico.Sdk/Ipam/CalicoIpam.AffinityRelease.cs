using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Releasing a host's affinity for a block: pendingDeletion → block deleted or made unaffine → affinity deleted.</content>
public sealed partial class CalicoIpam
{
    /// <summary>
    /// Releases a host's claim on a block. With <paramref name="requireEmpty"/> nothing changes unless the block holds
    /// no allocation (an allocation racing in makes the block write conflict, and the affinity is restored).
    /// Returns true when the host no longer owns the block.
    /// </summary>
    private async Task<bool> ReleaseAffinityAsync(string host, IpCidr cidr, bool requireEmpty, CancellationToken ct)
    {
        var affinityName = IpamNames.Affinity(host, cidr);
        var blockName = IpamNames.Block(cidr);
        ForgetAffine(host);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var affinity = await _store.GetAffinityAsync(affinityName, ct).ConfigureAwait(false);
            var block = await _store.GetBlockAsync(blockName, ct).ConfigureAwait(false);
            if (block is not null && block.Spec.Deleted != true && block.Spec.Affinity == AffinityStates.Host(host))
            {
                var ab = new AllocationBlock(block.Spec);
                ab.CollectGarbage(_time.GetUtcNow(), (await GetSnapshotAsync(ct).ConfigureAwait(false)).Settings.IpCoolDown);
                if (requireEmpty && !ab.IsEmpty)
                {
                    await SetAffinityStateAsync(affinity, AffinityStates.Confirmed, ct).ConfigureAwait(false);
                    return false;
                }

                if (affinity is not null && !await SetAffinityStateAsync(affinity, AffinityStates.PendingDeletion, ct).ConfigureAwait(false))
                {
                    continue;
                }

                if (!await DeleteOrUnaffineBlockAsync(block, ab, ct).ConfigureAwait(false))
                {
                    continue;
                }
            }

            _blockCache.TryRemove(blockName, out _);
            if (affinity is not null)
            {
                try
                {
                    await _store.DeleteAsync(ResourceKinds.BlockAffinity, affinityName, null, ct).ConfigureAwait(false);
                }
                catch (ResourceNotFoundException)
                {
                }
                catch (DatastoreOutcomeUnknownException)
                {
                    if (await _store.GetAffinityAsync(affinityName, ct).ConfigureAwait(false) is not null)
                    {
                        continue;
                    }
                }
            }

            ForgetAffine(host);
            IpamLog.AffinityReleased(_logger, host, cidr.ToString());
            return true;
        }

        throw new IpamConflictException($"affinity {affinityName}: too many concurrent updates");
    }

    /// <summary>Sets an affinity's state (compare-and-swap). False when it changed under us.</summary>
    private async Task<bool> SetAffinityStateAsync(BlockAffinity? affinity, string state, CancellationToken ct)
    {
        if (affinity is null || affinity.Spec.State == state)
        {
            return true;
        }

        var revision = affinity.Metadata.ResourceVersion;
        affinity.Spec.State = state;
        try
        {
            var stored = await _store.UpdateAsync(ResourceKinds.BlockAffinity, affinity, ct).ConfigureAwait(false);
            affinity.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
            return true;
        }
        catch (Exception ex) when (ex is ResourceConflictException or ResourceNotFoundException)
        {
            return false;
        }
        catch (DatastoreOutcomeUnknownException)
        {
            var back = await _store.GetAffinityAsync(affinity.Metadata.Name!, ct).ConfigureAwait(false);
            var applied = back is not null && back.Metadata.ResourceVersion != revision && back.Spec.State == state;
            IpamLog.Reconciled(_logger, "affinity update", affinity.Metadata.Name!, applied ? "committed" : "not committed");
            if (applied)
            {
                affinity.Metadata.ResourceVersion = back!.Metadata.ResourceVersion;
            }

            return applied;
        }
    }

    /// <summary>Deletes an empty block, or clears the affinity of one that still holds (borrowed) addresses.</summary>
    private async Task<bool> DeleteOrUnaffineBlockAsync(IPAMBlock block, AllocationBlock ab, CancellationToken ct)
    {
        var name = block.Metadata.Name!;
        var revision = block.Metadata.ResourceVersion;
        try
        {
            if (ab.IsEmpty)
            {
                await _store.DeleteAsync(ResourceKinds.IPAMBlock, name, revision, ct).ConfigureAwait(false);
            }
            else
            {
                block.Spec.Affinity = null;
                block.Spec.AffinityClaimTime = null;
                ab.BeginWrite();
                await _store.UpdateAsync(ResourceKinds.IPAMBlock, block, ct).ConfigureAwait(false);
            }

            return true;
        }
        catch (ResourceNotFoundException)
        {
            return true;
        }
        catch (ResourceConflictException)
        {
            return false;
        }
        catch (DatastoreOutcomeUnknownException)
        {
            var back = await _store.GetBlockAsync(name, ct).ConfigureAwait(false);
            var applied = back is null || (back.Metadata.ResourceVersion != revision && back.Spec.Affinity is null);
            IpamLog.Reconciled(_logger, ab.IsEmpty ? "block delete" : "block update", name, applied ? "committed" : "not committed");
            return applied;
        }
    }
}
