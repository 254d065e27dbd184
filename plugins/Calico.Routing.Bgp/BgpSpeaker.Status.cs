using Calico.Routing.Bgp.Session;
using Calico.Sdk.Status;

namespace Calico.Routing.Bgp;

/// <summary>Peer status for <c>calicoctl node status</c>, and the end of a graceful restart.</summary>
internal sealed partial class BgpSpeaker
{
    public IReadOnlyList<BgpPeerStatus> GetPeerStatus()
    {
        lock (_ribLock)
        {
            var received = new Dictionary<string, int>();
            foreach (var (_, entry) in _rib.Entries)
            {
                foreach (var path in entry.Paths)
                {
                    received[path.Source.Key] = received.GetValueOrDefault(path.Source.Key) + 1;
                }
            }

            return [.. _peers.Values.Select(p => (Peer: p, Status: p.Status)).Select(x => new BgpPeerStatus(
                x.Peer.Config.Address.ToString(),
                x.Peer.Config.PeerType,
                x.Status.State.ToString(),
                x.Status.Since,
                x.Status.State == SessionState.Established ? "Established" : x.Peer.LastError)
            {
                AsNumber = x.Peer.Config.PeerAs,
                RoutesReceived = received.GetValueOrDefault(x.Peer.Source.Key),
                RoutesAdvertised = x.Peer.Outbound.Count,
            })];
        }
    }

    public bool HasLearned(Wire.BgpPrefix prefix)
    {
        lock (_ribLock)
        {
            return _rib.Get(prefix)?.Paths.Any(p => !p.Source.IsLocal) ?? false;
        }
    }

    private async Task FinishRestartAsync(CancellationToken cancellationToken)
    {
        var started = Time.GetUtcNow();
        while (_kernel is { Restarting: true } && !cancellationToken.IsCancellationRequested)
        {
            var peers = Peers;
            var allBack = peers.Count > 0 && peers.All(p => p.EndOfRibSeen);
            if (allBack || Time.GetUtcNow() - started >= TimeSpan.FromSeconds(Options.RestartTime))
            {
                _kernel.FinishRestart();
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), Time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
