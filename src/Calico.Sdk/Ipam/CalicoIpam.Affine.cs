using System.Collections.Concurrent;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>
/// The blocks a host owns, and this instance's memory of them. The memory only saves a listing on the happy path:
/// whether a block is still the host's is decided by the block itself (its <c>affinity</c>, guarded by the block's
/// compare-and-swap), so a stale entry costs a conflict and a re-read, never a wrong allocation; and when the
/// remembered blocks have no room, the affinities are listed afresh before anything else is tried.
/// </content>
public sealed partial class CalicoIpam
{
    private readonly ConcurrentDictionary<(string Host, bool V6), IpCidr[]> _affineCache = new();

    /// <summary>The host's blocks as last seen by this instance (no read), or a fresh listing when none is known.</summary>
    private async Task<(List<IpCidr> Blocks, bool FromCache)> GetAffineBlocksCachedAsync(string host, bool v6, CancellationToken ct) =>
        _affineCache.TryGetValue((host, v6), out var known)
            ? ([.. known], true)
            : (await GetAffineBlocksAsync(host, v6, ct).ConfigureAwait(false), false);

    /// <summary>Remembers the host's blocks of one family after this instance claimed or listed them.</summary>
    private void RememberAffine(string host, bool v6, List<IpCidr> blocks) => _affineCache[(host, v6)] = [.. blocks];

    /// <summary>Forgets a host's blocks when a block turned out not to be the host's any more.</summary>
    private void ForgetAffineOf(string? host)
    {
        if (host is not null)
        {
            ForgetAffine(host);
        }
    }

    /// <summary>Forgets what this instance knows about a host's blocks (after it released one).</summary>
    private void ForgetAffine(string host)
    {
        _affineCache.TryRemove((host, false), out _);
        _affineCache.TryRemove((host, true), out _);
    }

    /// <summary>
    /// The blocks of one family affine to a host (confirmed affinities), in CIDR order. A pending affinity of the host
    /// is an interrupted claim: it is finished when the block is ours or free, and dropped when another host has it.
    /// </summary>
    private async Task<List<IpCidr>> GetAffineBlocksAsync(string host, bool v6, CancellationToken ct)
    {
        var prefix = host.Length < 200 ? IpamNames.AffinityPrefix(host) : null;
        var affinities = await _store.ListAffinitiesAsync(prefix, ct).ConfigureAwait(false);
        var result = new List<IpCidr>();
        foreach (var affinity in affinities)
        {
            if (affinity.Spec.Node != host || affinity.Spec.Type is not (null or "host") || !IpCidr.TryParse(affinity.Spec.Cidr, out var cidr, out _) || cidr.IsV6 != v6)
            {
                continue;
            }

            if (affinity.Spec.State == AffinityStates.Pending && !await CompletePendingClaimAsync(host, cidr, affinity, ct).ConfigureAwait(false))
            {
                continue;
            }

            if (affinity.Spec.State is AffinityStates.Confirmed or AffinityStates.Pending)
            {
                result.Add(cidr);
            }
        }

        result.Sort((a, b) => a.Network.CompareTo(b.Network));
        RememberAffine(host, v6, result);
        return result;
    }

    /// <summary>Finishes or abandons an interrupted claim. True when the host now owns the block.</summary>
    private async Task<bool> CompletePendingClaimAsync(string host, IpCidr cidr, BlockAffinity affinity, CancellationToken ct)
    {
        if (!await CreateOrAdoptBlockAsync(host, cidr, ct).ConfigureAwait(false))
        {
            await DeleteAffinityQuietlyAsync(affinity, ct).ConfigureAwait(false);
            return false;
        }

        await ConfirmAffinityAsync(host, cidr, ct).ConfigureAwait(false);
        return true;
    }
}
