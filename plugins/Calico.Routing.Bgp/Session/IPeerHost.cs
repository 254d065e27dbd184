using System.Net.Sockets;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>What a peer needs from the speaker that owns it.</summary>
internal interface IPeerHost
{
    TimeProvider Time { get; }

    uint LocalAs { get; }

    uint RouterId { get; }

    TimeSpan ConnectRetryTime { get; }

    ConnectionSettings SettingsFor(BgpPeer peer);

    Task<Socket> ConnectAsync(BgpPeer peer, CancellationToken cancellationToken);

    void OnPeerUp(BgpPeer peer, BgpConnection connection);

    void OnPeerDown(BgpPeer peer, BgpConnection connection, string reason, bool notificationExchanged);

    void OnUpdate(BgpPeer peer, UpdateMessage update);

    void OnRouteRefresh(BgpPeer peer, BgpFamily family);
}
