using Calico.Dataplane.Nftables.Rendering;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Resources;

namespace Calico.Dataplane.Nftables;

/// <summary>NAT outgoing: the <c>nat-outgoing</c> postrouting chain of our table, fed with the IP pool list.</summary>
public sealed partial class NftablesDataplane : INatOutgoingDataplane
{
    /// <inheritdoc />
    /// <remarks>
    /// Rendered as <c>ip saddr @nat-pools4 ip daddr != @all-pools4 masquerade fully-random</c> (and the IPv6 twin) in
    /// a <c>type nat hook postrouting priority srcnat</c> chain; a call flushes and refills the four sets in one
    /// transaction. If the kernel rejects it, the list is kept and the background loop retries a full reconcile.
    /// </remarks>
    public async Task SetIpPoolsAsync(IReadOnlyCollection<IPPool> pools, CancellationToken cancellationToken = default)
    {
        var nat = NatState.From(pools);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Kept even if the commit fails: like a failed delta, the background loop retries a full reconcile to it.
            _nat = nat;
            if (_live is not { } live)
            {
                return; // written by the first reconcile: nothing is touched before it
            }

            var script = new Script(_layout);
            NatRenderer.Replace(script, nat);
            await CommitAsync(script, live.WithNat(nat), full: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
