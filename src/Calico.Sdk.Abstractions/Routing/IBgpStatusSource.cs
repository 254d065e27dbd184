using Calico.Sdk.Status;

namespace Calico.Sdk.Routing;

/// <summary>Implemented by routers that run BGP sessions, so the node agent can publish them for
/// <c>calicoctl node status</c>.</summary>
public interface IBgpStatusSource
{
    /// <summary>A snapshot of every session the router runs.</summary>
    /// <returns>One entry per configured peer.</returns>
    IReadOnlyList<BgpPeerStatus> GetPeerStatus();
}
