namespace Calico.Sdk.Ipam;

/// <content>Automatic assignment (Calico's <c>autoAssign</c>).</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    public async Task<AutoAssignResult> AutoAssignAsync(AutoAssignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        IpamNames.ValidateHandle(request.HandleId, nameof(request));
        IpamNames.ValidateNode(request.Node, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.IPv4Count, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.IPv6Count, nameof(request));
        if (request.IPv4Count == 0 && request.IPv6Count == 0)
        {
            throw new ArgumentException("the request asks for no address (IPv4Count and IPv6Count are both 0)", nameof(request));
        }

        using var hostLock = await LockHostAsync(request.Node, cancellationToken).ConfigureAwait(false);
        var (snapshot, reused) = await GetSnapshotWithOriginAsync(cancellationToken, fresh: false).ConfigureAwait(false);
        try
        {
            return await AutoAssignWithAsync(request, snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (reused && ex is IpamExhaustedException or ArgumentException)
        {
            // Decided on remembered settings (nothing was written: both families or nothing): a pool added or enabled
            // since must not make the request fail, so decide again on settings read now.
            var fresh = await GetSnapshotAsync(cancellationToken, fresh: true).ConfigureAwait(false);
            if (fresh.Fingerprint == snapshot.Fingerprint)
            {
                throw;
            }

            return await AutoAssignWithAsync(request, fresh, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AutoAssignResult> AutoAssignWithAsync(AutoAssignRequest request, IpamSnapshot snapshot, CancellationToken cancellationToken)
    {
        // Choose every pool before writing anything, so that a bad request changes nothing.
        var v4Pools = request.IPv4Count > 0
            ? await SelectPoolsAsync(snapshot, false, request.IPv4Pools, request.Node, request.NamespaceLabels, request.Use, cancellationToken).ConfigureAwait(false)
            : [];
        var v6Pools = request.IPv6Count > 0
            ? await SelectPoolsAsync(snapshot, true, request.IPv6Pools, request.Node, request.NamespaceLabels, request.Use, cancellationToken).ConfigureAwait(false)
            : [];
        var attributes = new Dictionary<string, string>(request.Attributes, StringComparer.Ordinal);
        attributes.TryAdd("node", request.Node);

        var v4 = request.IPv4Count > 0
            ? await AssignFamilyAsync(request, false, request.IPv4Count, v4Pools, attributes, snapshot, cancellationToken).ConfigureAwait(false)
            : [];
        try
        {
            var v6 = request.IPv6Count > 0
                ? await AssignFamilyAsync(request, true, request.IPv6Count, v6Pools, attributes, snapshot, cancellationToken).ConfigureAwait(false)
                : [];
            return new AutoAssignResult(v4, v6);
        }
        catch
        {
            // Both families or nothing.
            await RollbackAsync(v4, request.HandleId, snapshot).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Assigns <paramref name="count"/> addresses of one family, or none (then it throws).</summary>
    private async Task<List<IpAssignment>> AssignFamilyAsync(
        AutoAssignRequest request, bool v6, int count, List<IpamPool> pools, IReadOnlyDictionary<string, string> attributes, IpamSnapshot snapshot, CancellationToken ct)
    {
        var host = request.Node;
        var result = new List<IpAssignment>();
        try
        {
            // 1. The host's own blocks, as this instance last saw them (no read when a block is known to be full).
            var (affine, fromCache) = await GetAffineBlocksCachedAsync(host, v6, ct).ConfigureAwait(false);
            await FillFromAffineAsync(affine, count, result, request.HandleId, attributes, pools, snapshot, host, ct).ConfigureAwait(false);
            if (result.Count < count && fromCache)
            {
                // The remembered blocks are full: another process may have claimed more for this host since.
                affine = await GetAffineBlocksAsync(host, v6, ct).ConfigureAwait(false);
                await FillFromAffineAsync(affine, count, result, request.HandleId, attributes, pools, snapshot, host, ct).ConfigureAwait(false);
            }

            string? stopReason = null;
            if (result.Count < count && await StillExhaustedAsync(pools, ct).ConfigureAwait(false))
            {
                stopReason = "every block is full and nothing changed since that was seen";
            }
            else if (result.Count < count)
            {
                // One fresh listing serves the rest: own blocks again (another process may have freed addresses),
                // claiming and borrowing.
                var (blocks, revision) = await _store.ListBlocksAtAsync(ct).ConfigureAwait(false);
                Remember(blocks);
                await FillFromAffineAsync(affine, count, result, request.HandleId, attributes, pools, snapshot, host, ct).ConfigureAwait(false);

                // 2. New blocks.
                while (result.Count < count)
                {
                    if (!snapshot.Settings.AutoAllocateBlocks)
                    {
                        stopReason = "automatic block allocation is disabled (IPAMConfiguration autoAllocateBlocks: false)";
                        break;
                    }

                    if (affine.Count >= snapshot.Settings.MaxBlocksPerHost)
                    {
                        stopReason = $"cannot allocate new block due to per host block limit ({snapshot.Settings.MaxBlocksPerHost})";
                        break;
                    }

                    var claimed = await ClaimNewBlockAsync(host, pools, snapshot, blocks, ct).ConfigureAwait(false);
                    if (claimed is null)
                    {
                        stopReason = "no unclaimed block left";
                        break;
                    }

                    affine.Add(claimed.Value);
                    RememberAffine(host, v6, affine);
                    await FillFromBlockAsync(claimed.Value, count, result, request.HandleId, attributes, snapshot, host, ct).ConfigureAwait(false);
                }

                // 3. Borrow from other hosts' blocks.
                if (result.Count < count && !snapshot.Settings.StrictAffinity)
                {
                    await BorrowAsync(host, count, result, pools, blocks, request.HandleId, attributes, snapshot, ct).ConfigureAwait(false);
                }

                if (result.Count == 0)
                {
                    NoteIfExhausted(pools, blocks, revision, snapshot);
                }
            }

            if (result.Count < count)
            {
                throw new IpamExhaustedException(
                    $"no more free {(v6 ? "IPv6" : "IPv4")} addresses for node '{host}' in pools [{string.Join(", ", pools.Select(p => $"{p.Name} ({p.Cidr})"))}]: "
                    + $"asked for {count}, {result.Count} available; {stopReason}"
                    + (snapshot.Settings.StrictAffinity ? "; strict affinity forbids borrowing from other nodes' blocks" : string.Empty));
            }

            return result;
        }
        catch
        {
            await RollbackAsync(result, request.HandleId, snapshot).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes addresses from the host's blocks that belong to the request's pools.</summary>
    private async Task FillFromAffineAsync(
        List<IpCidr> affine, int count, List<IpAssignment> result, string handleId, IReadOnlyDictionary<string, string> attributes, List<IpamPool> pools, IpamSnapshot snapshot, string host, CancellationToken ct)
    {
        foreach (var cidr in affine)
        {
            if (result.Count >= count)
            {
                return;
            }

            if (pools.Any(p => p.Layout.IsBlock(cidr)) && !snapshot.Reserved.CoversBlock(cidr))
            {
                await FillFromBlockAsync(cidr, count, result, handleId, attributes, snapshot, host, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes addresses from one block until the request is met or the block is full.</summary>
    private async Task FillFromBlockAsync(
        IpCidr cidr, int count, List<IpAssignment> result, string handleId, IReadOnlyDictionary<string, string> attributes, IpamSnapshot snapshot, string? requireHost, CancellationToken ct)
    {
        while (result.Count < count)
        {
            var got = await AssignFromBlockAsync(cidr, count - result.Count, null, handleId, attributes, snapshot, requireHost, ct).ConfigureAwait(false);
            if (got.Count == 0)
            {
                return;
            }

            result.AddRange(got);
        }
    }

    /// <summary>Walks existing blocks of the pools (host-seeded order) and takes free addresses from any of them.</summary>
    private async Task BorrowAsync(
        string host, int count, List<IpAssignment> result, List<IpamPool> pools, List<Calico.Sdk.Resources.IPAMBlock> blocks, string handleId, IReadOnlyDictionary<string, string> attributes, IpamSnapshot snapshot, CancellationToken ct)
    {
        foreach (var pool in pools)
        {
            var search = new BlockSearch(pool.Layout, host);
            var candidates = blocks
                .Select(b => IpCidr.TryParse(b.Spec.Cidr, out var c, out _) ? (Cidr: c, Block: b) : default)
                .Where(x => x.Block is not null && pool.Layout.IsBlock(x.Cidr) && x.Block.Spec.Affinity != AffinityStates.Host(host) && HasRoom(x.Block, snapshot, null))
                .OrderBy(x => search.PositionOf(pool.Layout.IndexOf(x.Cidr.Network)));
            foreach (var (cidr, block) in candidates)
            {
                if (result.Count >= count)
                {
                    return;
                }

                var before = result.Count;
                await FillFromBlockAsync(cidr, count, result, handleId, attributes, snapshot, null, ct).ConfigureAwait(false);
                if (result.Count > before)
                {
                    IpamLog.Borrowed(_logger, host, result.Count - before, cidr.ToString(), block.Spec.Affinity ?? "nobody");
                }
            }
        }
    }

    /// <summary>Releases what a failed call assigned, without the caller's token (bounded by the rollback timeout).</summary>
    private async Task RollbackAsync(IReadOnlyList<IpAssignment> assigned, string handleId, IpamSnapshot snapshot)
    {
        if (assigned.Count == 0)
        {
            return;
        }

        try
        {
            using var cts = RollbackToken();
            foreach (var group in assigned.GroupBy(a => a.BlockCidr, StringComparer.Ordinal))
            {
                var cidr = IpCidr.Parse(group.Key);
                var items = group.Select(a => new ReleaseItem((int)(IpCidr.ToUInt128(a.Address) - cidr.Network), a.SequenceNumber, handleId)).ToList();
                var released = await ReleaseFromBlockAsync(cidr, items, snapshot, cts.Token).ConfigureAwait(false);
                await DecrementHandlesAsync(group.Key, released, cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is Calico.Sdk.Datastore.DatastoreException or OperationCanceledException or IpamConflictException)
        {
            IpamLog.RollbackFailed(_logger, ex);
        }
    }
}
