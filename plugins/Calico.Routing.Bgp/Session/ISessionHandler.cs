using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>What a connection reports to the peer that owns it.</summary>
internal interface ISessionHandler
{
    /// <summary>An acceptable OPEN arrived; false closes this connection (collision resolution, RFC 4271 §6.8).</summary>
    bool OnOpen(BgpConnection connection);

    void OnEstablished(BgpConnection connection);

    void OnUpdate(BgpConnection connection, UpdateMessage update);

    void OnRouteRefresh(BgpConnection connection, BgpFamily family);

    /// <summary>The connection ended; <paramref name="reason"/> is for status and logs.</summary>
    void OnClosed(BgpConnection connection, string reason, bool notificationExchanged);
}
