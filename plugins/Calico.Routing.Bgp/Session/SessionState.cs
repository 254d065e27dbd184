namespace Calico.Routing.Bgp.Session;

/// <summary>RFC 4271 §8 session states.</summary>
internal enum SessionState
{
    Idle,
    Connect,
    Active,
    OpenSent,
    OpenConfirm,
    Established,
}
