namespace Calico.Sdk.Ipam;

/// <content>The consistency check (<c>calicoctl ipam check</c>).</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    public async Task<IpamCheckReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var snapshot = await GetSnapshotAsync(ct, fresh: true).ConfigureAwait(false);
        var blocks = await _store.ListBlocksAsync(ct).ConfigureAwait(false);
        var handles = await _store.ListHandlesAsync(ct).ConfigureAwait(false);
        var affinities = await _store.ListAffinitiesAsync(null, ct).ConfigureAwait(false);
        var problems = new List<IpamProblem>();
        var owners = new Dictionary<(UInt128, bool), string>();
        var actual = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var allocated = 0;
        var blockAffinity = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            if (!IpCidr.TryParse(block.Spec.Cidr, out var cidr, out var error))
            {
                problems.Add(new IpamProblem(IpamProblemKind.BlockCorrupt, block.Metadata.Name ?? "?", error));
                continue;
            }

            var ab = new AllocationBlock(block.Spec);
            blockAffinity[cidr.ToString()] = ab.AffineHost;
            var structure = ab.Validate();
            problems.AddRange(structure.Select(p => new IpamProblem(IpamProblemKind.BlockCorrupt, cidr.ToString(), $"block {cidr} {p}")));
            if (structure.Count > 0 && ab.Spec.Allocations!.Count != ab.Size)
            {
                continue;
            }

            if (!snapshot.Pools.Any(p => p.Layout.IsBlock(cidr)))
            {
                problems.Add(new IpamProblem(IpamProblemKind.BlockOutsidePools, cidr.ToString(), $"block {cidr} is not a block of any IP pool"));
            }

            for (var o = 0; o < ab.Size; o++)
            {
                if (ab.HandleOf(o) is not { } handle)
                {
                    continue;
                }

                allocated++;
                var address = ab.AddressOf(o);
                var text = IpCidr.Format(address, cidr.IsV6);
                if (owners.TryGetValue((address, cidr.IsV6), out var other))
                {
                    problems.Add(new IpamProblem(IpamProblemKind.DuplicateAddress, text, $"{text} is allocated to handle '{handle}' in block {cidr} and to {other}"));
                }
                else
                {
                    owners[(address, cidr.IsV6)] = $"handle '{handle}' in block {cidr}";
                }

                if (!actual.TryGetValue(handle, out var counts))
                {
                    actual[handle] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                counts[cidr.ToString()] = counts.GetValueOrDefault(cidr.ToString()) + 1;
            }
        }

        CheckHandles(handles, actual, problems);
        CheckAffinities(affinities, blockAffinity, problems);
        return new IpamCheckReport(problems, allocated, blocks.Count, handles.Count);
    }

    private static void CheckHandles(List<Calico.Sdk.Resources.IPAMHandle> handles, Dictionary<string, Dictionary<string, int>> actual, List<IpamProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in handles)
        {
            var id = handle.Metadata.Name!;
            seen.Add(id);
            var have = handle.Spec.Block ?? new Dictionary<string, int>();
            var want = actual.GetValueOrDefault(id) ?? new Dictionary<string, int>(StringComparer.Ordinal);
            if (want.Count == 0 && have.Values.All(v => v == 0))
            {
                problems.Add(new IpamProblem(IpamProblemKind.LeakedHandle, id, $"handle '{id}' holds no address"));
            }
            else if (!SameCounts(want, have))
            {
                problems.Add(new IpamProblem(IpamProblemKind.HandleMismatch, id, $"handle '{id}' counts {Describe(have)} but the blocks hold {Describe(want)}"));
            }
        }

        foreach (var (id, counts) in actual)
        {
            if (!seen.Contains(id))
            {
                problems.Add(new IpamProblem(IpamProblemKind.HandleMismatch, id, $"blocks hold {Describe(counts)} for handle '{id}', which does not exist"));
            }
        }
    }

    private static void CheckAffinities(List<Calico.Sdk.Resources.BlockAffinity> affinities, Dictionary<string, string?> blockAffinity, List<IpamProblem> problems)
    {
        var confirmed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var affinity in affinities)
        {
            var name = affinity.Metadata.Name!;
            if (!IpCidr.TryParse(affinity.Spec.Cidr, out var cidr, out _) || affinity.Spec.Node is not { Length: > 0 } node)
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, name, $"affinity '{name}' has no valid cidr or node"));
                continue;
            }

            var key = cidr.ToString();
            if (!blockAffinity.TryGetValue(key, out var owner))
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, name, $"affinity of node '{node}' for block {key}, which does not exist"));
            }
            else if (owner != node)
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, name, $"affinity of node '{node}' for block {key}, which is affine to {owner ?? "no node"}"));
            }
            else if (affinity.Spec.State != AffinityStates.Confirmed)
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, name, $"affinity of node '{node}' for block {key} is stuck in state '{affinity.Spec.State}'"));
            }
            else if (!confirmed.TryAdd(key, node))
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, name, $"block {key} has two confirmed affinities ({confirmed[key]}, {node})"));
            }
        }

        var affineByNode = affinities.Where(a => a.Spec.Node is not null).Select(a => (a.Spec.Node!, IpCidr.TryParse(a.Spec.Cidr, out var c, out _) ? c.ToString() : a.Spec.Cidr)).ToHashSet();
        foreach (var (cidr, host) in blockAffinity)
        {
            if (host is not null && !affineByNode.Contains((host, cidr)))
            {
                problems.Add(new IpamProblem(IpamProblemKind.OrphanedAffinity, cidr, $"block {cidr} is affine to node '{host}', which holds no BlockAffinity for it"));
            }
        }
    }
}
