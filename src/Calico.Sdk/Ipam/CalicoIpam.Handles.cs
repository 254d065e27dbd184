using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Handle counters: incremented before a block write, decremented after a release.</content>
public sealed partial class CalicoIpam
{
    /// <summary>Adds <paramref name="delta"/> to a handle's count for a block, creating the handle when needed.</summary>
    private async Task IncrementHandleAsync(string handleId, string blockCidr, int delta, CancellationToken ct)
    {
        var tryCreate = true;
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            IPAMHandle? handle = null;
            if (!tryCreate)
            {
                handle = await _store.GetHandleAsync(handleId, ct).ConfigureAwait(false);
            }

            if (handle is null)
            {
                var fresh = new IPAMHandle
                {
                    Metadata = new ObjectMeta { Name = handleId },
                    Spec = new IPAMHandleSpec { HandleId = handleId, Block = new Dictionary<string, int>(StringComparer.Ordinal) { [blockCidr] = delta } },
                };
                try
                {
                    await _store.CreateAsync(ResourceKinds.IPAMHandle, fresh, ct).ConfigureAwait(false);
                    return;
                }
                catch (ResourceAlreadyExistsException)
                {
                    tryCreate = false;
                    continue;
                }
                catch (DatastoreOutcomeUnknownException)
                {
                    // Read back: a handle holding exactly our count for this block is ours; otherwise the create did
                    // not happen (or raced with another writer) and the next round decides from the fresh state.
                    var back = await _store.GetHandleAsync(handleId, ct).ConfigureAwait(false);
                    var committed = back?.Spec.Block is { } b && b.TryGetValue(blockCidr, out var n) && n == delta && b.Count == 1;
                    IpamLog.Reconciled(_logger, "handle create", handleId, committed ? "committed" : "not committed");
                    if (committed)
                    {
                        return;
                    }

                    tryCreate = back is null;
                    continue;
                }
            }

            if (handle.Spec.Deleted == true)
            {
                // A soft-deleted handle (written by Calico's Kubernetes backend) is replaced.
                handle.Spec.Deleted = false;
                handle.Spec.Block = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            var blocks = handle.Spec.Block ??= new Dictionary<string, int>(StringComparer.Ordinal);
            blocks.TryGetValue(blockCidr, out var before);
            blocks[blockCidr] = before + delta;
            handle.Spec.HandleId ??= handleId;
            var baseRevision = handle.Metadata.ResourceVersion;
            try
            {
                await _store.UpdateAsync(ResourceKinds.IPAMHandle, handle, ct).ConfigureAwait(false);
                return;
            }
            catch (ResourceConflictException)
            {
            }
            catch (ResourceNotFoundException)
            {
                tryCreate = true;
            }
            catch (DatastoreOutcomeUnknownException)
            {
                var back = await _store.GetHandleAsync(handleId, ct).ConfigureAwait(false);
                if (back is not null && back.Metadata.ResourceVersion != baseRevision)
                {
                    // Changed since our base: if it holds our result it is ours. If someone else changed it too we
                    // cannot tell, and increment again: an over-count is safe (GC trims it), an under-count is not.
                    var count = back.Spec.Block is { } b && b.TryGetValue(blockCidr, out var n) ? n : 0;
                    if (count == before + delta)
                    {
                        IpamLog.Reconciled(_logger, "handle increment", handleId, "committed");
                        return;
                    }
                }

                IpamLog.Reconciled(_logger, "handle increment", handleId, "not committed");
                tryCreate = back is null;
            }
        }

        throw new IpamConflictException($"handle '{handleId}': too many concurrent updates ({_options.MaxConflictRetries} compare-and-swap conflicts)");
    }

    /// <summary>
    /// Subtracts from a handle's count for a block (<paramref name="delta"/> null removes the block entry) and deletes
    /// the handle when nothing is left. A missing handle is fine.
    /// </summary>
    private async Task DecrementHandleAsync(string handleId, string blockCidr, int? delta, CancellationToken ct)
    {
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var handle = await _store.GetHandleAsync(handleId, ct).ConfigureAwait(false);
            if (handle is null)
            {
                return;
            }

            var blocks = handle.Spec.Block ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (!blocks.TryGetValue(blockCidr, out var before))
            {
                return;
            }

            var after = delta is { } d ? Math.Max(0, before - d) : 0;
            if (after == 0)
            {
                blocks.Remove(blockCidr);
            }
            else
            {
                blocks[blockCidr] = after;
            }

            var baseRevision = handle.Metadata.ResourceVersion;
            try
            {
                if (blocks.Values.Sum() == 0)
                {
                    await _store.DeleteAsync(ResourceKinds.IPAMHandle, handleId, baseRevision, ct).ConfigureAwait(false);
                }
                else
                {
                    await _store.UpdateAsync(ResourceKinds.IPAMHandle, handle, ct).ConfigureAwait(false);
                }

                return;
            }
            catch (ResourceConflictException)
            {
            }
            catch (ResourceNotFoundException)
            {
                return;
            }
            catch (DatastoreOutcomeUnknownException)
            {
                // Unchanged revision ⇒ not applied: go round again. Changed ⇒ applied, or changed by someone else;
                // either way stop here: decrementing twice could under-count, an over-count is trimmed by GC.
                var back = await _store.GetHandleAsync(handleId, ct).ConfigureAwait(false);
                var applied = back is null || back.Metadata.ResourceVersion != baseRevision;
                IpamLog.Reconciled(_logger, "handle decrement", handleId, applied ? "committed or superseded" : "not committed");
                if (applied)
                {
                    return;
                }
            }
        }

        throw new IpamConflictException($"handle '{handleId}': too many concurrent updates ({_options.MaxConflictRetries} compare-and-swap conflicts)");
    }

    /// <summary>Undoes a handle increment after a failed block write, without the caller's token.</summary>
    private async Task UndoIncrementAsync(string handleId, string blockCidr, int delta)
    {
        try
        {
            using var cts = RollbackToken();
            await DecrementHandleAsync(handleId, blockCidr, delta, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DatastoreException or OperationCanceledException or IpamConflictException)
        {
            IpamLog.RollbackFailed(_logger, ex);
        }
    }
}
