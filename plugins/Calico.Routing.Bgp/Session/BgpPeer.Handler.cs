using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>Session events: collision resolution, establishment, routes in, and session loss.</summary>
internal sealed partial class BgpPeer
{
    public bool OnOpen(BgpConnection connection)
    {
        lock (_gate)
        {
            foreach (var other in _connections)
            {
                if (ReferenceEquals(other, connection) || other.State is SessionState.Idle or SessionState.OpenSent)
                {
                    continue;
                }

                if (other.State == SessionState.Established)
                {
                    return false; // RFC 4271 §6.8: an established session always wins
                }

                // Both in OpenConfirm/OpenSent-with-OPEN: keep the connection opened by the speaker with the higher
                // BGP identifier.
                var keepLocallyOpened = _host.RouterId > connection.Negotiated!.PeerId;
                var loser = connection.Inbound == keepLocallyOpened ? connection : other;
                if (ReferenceEquals(loser, connection))
                {
                    return false;
                }

                other.Close(new BgpProtocolException(BgpError.Cease, BgpError.ConnectionCollisionResolution, "collision with a connection from the other side"));
            }

            SetState(SessionState.OpenConfirm);
        }

        return true;
    }

    public void OnEstablished(BgpConnection connection)
    {
        Source = new PathSource(Config.Key + "#" + Guid.NewGuid().ToString("N")[..8], connection.Negotiated!.PeerId, Config.Address, !External, Config.RouteReflectorClient);
        LastError = null;
        lock (_gate)
        {
            Established = connection;
            SetState(SessionState.Established);
        }

        _host.OnPeerUp(this, connection);
    }

    public void OnUpdate(BgpConnection connection, UpdateMessage update) => _host.OnUpdate(this, update);

    public void OnRouteRefresh(BgpConnection connection, BgpFamily family) => _host.OnRouteRefresh(this, family);

    public void OnClosed(BgpConnection connection, string reason, bool notificationExchanged)
    {
        bool wasEstablished;
        lock (_gate)
        {
            _connections.Remove(connection);
            wasEstablished = ReferenceEquals(Established, connection);
            if (wasEstablished)
            {
                Established = null;
            }
        }

        LastError = reason;
        if (wasEstablished)
        {
            Outbound.Reset();
            _host.OnPeerDown(this, connection, reason, notificationExchanged);
        }

        UpdateState(Config.Passive ? SessionState.Active : SessionState.Idle);
    }
}
