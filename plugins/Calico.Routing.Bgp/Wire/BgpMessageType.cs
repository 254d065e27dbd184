namespace Calico.Routing.Bgp.Wire;

/// <summary>BGP message types (RFC 4271 §4.1, RFC 2918).</summary>
internal enum BgpMessageType : byte
{
    Open = 1,
    Update = 2,
    Notification = 3,
    Keepalive = 4,
    RouteRefresh = 5,
}
