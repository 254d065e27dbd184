using System.Net;
using Calico.Sdk.Linux;

namespace Calico.Routing.Bgp;

/// <summary>The speaker's own settings (derived from <see cref="BgpRoutingOptions"/> and the Calico resources).</summary>
internal sealed record SpeakerOptions(uint LocalAs, uint RouterId)
{
    /// <summary>Set when this node is a route reflector (Node <c>routeReflectorClusterID</c>).</summary>
    public uint? ClusterId { get; init; }

    public int ListenPort { get; init; } = 179;

    /// <summary>Address to listen on (<c>bindMode: NodeIP</c>); null listens on every address.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>The network namespace sockets and netlink run in; null = the current one.</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>Whether learned routes are installed in the kernel (and blackholes kept for local blocks).</summary>
    public bool ProgramKernel { get; init; } = true;

    public byte RouteProtocol { get; init; } = BgpRoutingOptions.DefaultRouteProtocol;

    public int HoldTime { get; init; } = 90;

    public TimeSpan ConnectRetryTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Graceful-restart time advertised to peers; 0 disables graceful restart.</summary>
    public int RestartTime { get; init; } = 120;

    /// <summary>Next hop "self" for the family a session does not run over.</summary>
    public IPAddress? LocalIPv4 { get; init; }

    public IPAddress? LocalIPv6 { get; init; }
}
