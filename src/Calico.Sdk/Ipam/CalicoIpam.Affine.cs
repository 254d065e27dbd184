using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>The blocks a host owns.</content>
public sealed partial class CalicoIpam
{
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
