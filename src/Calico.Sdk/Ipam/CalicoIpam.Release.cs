using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Release by address and by handle, and handle look-up.</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> ReleaseAsync(IReadOnlyList<ReleaseIpRequest> addresses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i]?.Address is not { AddressFamily: AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 })
            {
                throw new ArgumentException($"addresses[{i}] is not an IPv4 or IPv6 address", nameof(addresses));
            }
        }

        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        List<IpCidr>? blockCidrs = null;
        var byBlock = new Dictionary<IpCidr, List<ReleaseItem>>();
        foreach (var request in addresses)
        {
            var v6 = request.Address.AddressFamily == AddressFamily.InterNetworkV6;
            var value = IpCidr.ToUInt128(request.Address);
            IpCidr? cidr = snapshot.Pools.FirstOrDefault(p => p.Cidr.IsV6 == v6 && p.Cidr.Contains(value))?.Layout.BlockFor(value);
            if (cidr is null)
            {
                // Outside every pool (the pool may have been deleted): find the block itself.
                blockCidrs ??= [.. (await _store.ListBlocksAsync(cancellationToken).ConfigureAwait(false)).Select(b => IpCidr.Parse(b.Spec.Cidr!))];
                cidr = blockCidrs.FirstOrDefault(b => b.IsV6 == v6 && b.Contains(value));
                if (cidr == default(IpCidr))
                {
                    continue;
                }
            }

            var key = cidr.Value;
            if (!byBlock.TryGetValue(key, out var items))
            {
                byBlock[key] = items = [];
            }

            items.Add(new ReleaseItem((int)(value - key.Network), request.SequenceNumber, null));
        }

        var released = new List<IPAddress>();
        foreach (var (cidr, items) in byBlock)
        {
            var freed = await ReleaseFromBlockAsync(cidr, items, snapshot, cancellationToken).ConfigureAwait(false);
            await DecrementHandlesAsync(cidr.ToString(), freed, cancellationToken).ConfigureAwait(false);
            released.AddRange(freed.Select(f => IpCidr.ToAddress(cidr.Network + (UInt128)(uint)f.Ordinal, cidr.IsV6)));
        }

        return released;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> ReleaseByHandleAsync(string handleId, CancellationToken cancellationToken = default)
    {
        IpamNames.ValidateHandle(handleId, nameof(handleId));
        var handle = await _store.GetHandleAsync(handleId, cancellationToken).ConfigureAwait(false);
        if (handle?.Spec.Block is not { Count: > 0 } blocks)
        {
            return [];
        }

        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var released = new List<IPAddress>();
        foreach (var blockCidr in blocks.Keys.ToList())
        {
            if (!IpCidr.TryParse(blockCidr, out var cidr, out _))
            {
                await DecrementHandleAsync(handleId, blockCidr, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var block = await _store.GetBlockAsync(IpamNames.Block(cidr), cancellationToken).ConfigureAwait(false);
            if (block is not null)
            {
                var ab = new AllocationBlock(block.Spec);
                var items = Enumerable.Range(0, ab.Size).Where(o => ab.HandleOf(o) == handleId).Select(o => new ReleaseItem(o, null, handleId)).ToList();
                var freed = await ReleaseFromBlockAsync(cidr, items, snapshot, cancellationToken).ConfigureAwait(false);
                released.AddRange(freed.Select(f => IpCidr.ToAddress(cidr.Network + (UInt128)(uint)f.Ordinal, cidr.IsV6)));
            }

            // Every allocation of the handle in this block is gone now, so its entry goes whatever it counted.
            await DecrementHandleAsync(handleId, blockCidr, null, cancellationToken).ConfigureAwait(false);
        }

        return released;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> GetAssignmentsAsync(string handleId, CancellationToken cancellationToken = default)
    {
        IpamNames.ValidateHandle(handleId, nameof(handleId));
        var handle = await _store.GetHandleAsync(handleId, cancellationToken).ConfigureAwait(false);
        var result = new List<IPAddress>();
        foreach (var blockCidr in handle?.Spec.Block?.Keys ?? Enumerable.Empty<string>())
        {
            if (IpCidr.TryParse(blockCidr, out var cidr, out _)
                && await _store.GetBlockAsync(IpamNames.Block(cidr), cancellationToken).ConfigureAwait(false) is { } block)
            {
                var ab = new AllocationBlock(block.Spec);
                result.AddRange(Enumerable.Range(0, ab.Size).Where(o => ab.HandleOf(o) == handleId).Select(o => IpCidr.ToAddress(ab.AddressOf(o), cidr.IsV6)));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task ReleaseNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        IpamNames.ValidateNode(node, nameof(node));
        // A tunnel handle id longer than a resource name (a very long node name) cannot exist in the store.
        foreach (var handle in IpamHandleIds.TunnelHandles(node).Where(h => h.Length <= IpamNames.MaxNameLength))
        {
            await ReleaseByHandleAsync(handle, cancellationToken).ConfigureAwait(false);
        }

        // Addresses of the node's workloads: the node is gone, so they are leaks now.
        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var block in await _store.ListBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            var ab = new AllocationBlock(block.Spec);
            var items = Enumerable.Range(0, ab.Size)
                .Where(o => ab.IsInUse(o) && ab.AttributeOf(o)?.Secondary?.TryGetValue("node", out var n) == true && n == node)
                .Select(o => new ReleaseItem(o, ab.SequenceNumberOf(o), ab.HandleOf(o)))
                .ToList();
            if (items.Count > 0)
            {
                var freed = await ReleaseFromBlockAsync(ab.Cidr, items, snapshot, cancellationToken).ConfigureAwait(false);
                await DecrementHandlesAsync(ab.Cidr.ToString(), freed, cancellationToken).ConfigureAwait(false);
            }
        }

        var prefix = node.Length < 200 ? IpamNames.AffinityPrefix(node) : null;
        foreach (var affinity in await _store.ListAffinitiesAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (affinity.Spec.Node == node && IpCidr.TryParse(affinity.Spec.Cidr, out var cidr, out _))
            {
                await ReleaseAffinityAsync(node, cidr, requireEmpty: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
