namespace Calico.Sdk.Status;

/// <summary>One BGP session as <c>calicoctl node status</c> shows it.</summary>
/// <param name="PeerAddress">The peer's IP address (no port).</param>
/// <param name="PeerType">How the peer was configured: <c>node-to-node mesh</c>, <c>global</c> or <c>node specific</c>.</param>
/// <param name="State">The RFC 4271 state name: <c>Idle</c>, <c>Connect</c>, <c>Active</c>, <c>OpenSent</c>,
/// <c>OpenConfirm</c> or <c>Established</c>.</param>
/// <param name="Since">When the session entered <paramref name="State"/>.</param>
/// <param name="Info">A short detail: the last error (e.g. <c>Hold timer expired</c>) or route counts.</param>
public sealed record BgpPeerStatus(string PeerAddress, string PeerType, string State, DateTimeOffset Since, string? Info)
{
    /// <summary>The peer's AS number.</summary>
    public long? AsNumber { get; init; }

    /// <summary>Routes accepted from the peer.</summary>
    public int RoutesReceived { get; init; }

    /// <summary>Routes advertised to the peer.</summary>
    public int RoutesAdvertised { get; init; }
}
