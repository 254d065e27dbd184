using System.Net.Sockets;

namespace Calico.Sdk.Ipam;

/// <content>Assigning one specific address (Calico's <c>AssignIP</c>).</content>
public sealed partial class CalicoIpam
{
    /// <inheritdoc />
    public async Task<IpAssignment> AssignAsync(AssignIpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Address, nameof(request));
        IpamNames.ValidateHandle(request.HandleId, nameof(request));
        IpamNames.ValidateNode(request.Node, nameof(request));
        if (request.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"{request.Address} is not an IPv4 or IPv6 address", nameof(request));
        }

        using var hostLock = await LockHostAsync(request.Node, cancellationToken).ConfigureAwait(false);
        var snapshot = await GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var v6 = request.Address.AddressFamily == AddressFamily.InterNetworkV6;
        var address = IpCidr.ToUInt128(request.Address);
        var pool = snapshot.Pools.FirstOrDefault(p => p.Enabled && p.Cidr.IsV6 == v6 && p.Cidr.Contains(address))
            ?? throw new ArgumentException($"{request.Address} is not in any enabled IP pool", nameof(request));
        if (!pool.AllowedUses.Contains(request.Use))
        {
            throw new ArgumentException($"{request.Address} is in IP pool '{pool.Name}', which does not allow {request.Use} addresses", nameof(request));
        }

        if (snapshot.Reserved.IsReserved(address, v6))
        {
            throw new IpAddressInUseException($"{request.Address} is reserved by an IPReservation");
        }

        var cidr = pool.Layout.BlockFor(address);
        var ordinal = (int)(address - cidr.Network);
        var attributes = new Dictionary<string, string>(request.Attributes, StringComparer.Ordinal);
        attributes.TryAdd("node", request.Node);
        for (var attempt = 0; attempt < _options.MaxConflictRetries; attempt++)
        {
            var block = await _store.GetBlockAsync(IpamNames.Block(cidr), cancellationToken).ConfigureAwait(false);
            if (block is null || block.Spec.Deleted == true)
            {
                // No block yet: claim it for the requesting node (losing the race just means it exists now).
                await ClaimBlockAsync(request.Node, cidr, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (snapshot.Settings.StrictAffinity && block.Spec.Affinity != AffinityStates.Host(request.Node))
            {
                throw new InvalidOperationException(
                    $"{request.Address} is in block {cidr}, which is affine to {block.Spec.Affinity ?? "no node"}; strict affinity forbids node '{request.Node}' to use it");
            }

            var got = await AssignFromBlockAsync(cidr, 1, ordinal, request.HandleId, attributes, snapshot, null, cancellationToken).ConfigureAwait(false);
            if (got.Count == 1)
            {
                return got[0];
            }
        }

        throw new IpamConflictException($"block {cidr}: too many concurrent updates");
    }
}
