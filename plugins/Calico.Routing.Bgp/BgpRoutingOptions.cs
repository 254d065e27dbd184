using System.Net;
using Calico.Sdk.Linux;

namespace Calico.Routing.Bgp;

/// <summary>Settings of the BGP router. Calico's resources (BGPConfiguration, BGPPeer, BGPFilter, Node) supply the
/// rest when a datastore is registered.</summary>
public sealed class BgpRoutingOptions
{
    /// <summary>The route protocol id (<c>ip route ... proto 84</c>; 80–83 belong to the agent and the encapsulation routers) that marks kernel routes this router owns.</summary>
    public const byte DefaultRouteProtocol = 84;

    /// <summary>The local node's name (the Node resource and BGPConfiguration <c>node.&lt;name&gt;</c>).</summary>
    public string? NodeName { get; set; }

    /// <summary>Overrides the AS number from BGPConfiguration / Node (default 64512).</summary>
    public uint? AsNumber { get; set; }

    /// <summary>The BGP identifier; defaults to the node's IPv4 address.</summary>
    public IPAddress? RouterId { get; set; }

    /// <summary>Overrides BGPConfiguration <c>listenPort</c> (default 179).</summary>
    public int? ListenPort { get; set; }

    /// <summary>The kernel route protocol id for learned routes and blackholes.</summary>
    public byte RouteProtocol { get; set; } = DefaultRouteProtocol;

    /// <summary>The network namespace the speaker's sockets and netlink use; null = the current one.</summary>
    public NetworkNamespace? Namespace { get; set; }

    /// <summary>Hold time offered to peers (0 or at least 3 seconds).</summary>
    public TimeSpan HoldTime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Delay between connection attempts to a peer.</summary>
    public TimeSpan ConnectRetryTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Graceful-restart time offered to peers (BGPConfiguration <c>nodeMeshMaxRestartTime</c> overrides it);
    /// zero disables graceful restart.</summary>
    public TimeSpan RestartTime { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Where BGP passwords (BGPPeer <c>password.secretKeyRef</c>) are read: file <c>&lt;dir&gt;/&lt;name&gt;/&lt;key&gt;</c>,
    /// which must not be readable by group or others.</summary>
    public string SecretsDirectory { get; set; } = "/etc/calico/bgp-secrets";

    /// <summary>Whether learned routes and local blackholes are written to the kernel.</summary>
    public bool ProgramKernel { get; set; } = true;

    /// <summary>
    /// Whether the router keeps a blackhole route (under <see cref="RouteProtocol"/>) for each block it exports, so
    /// traffic to an unused address of the node's own block is dropped here. True for standalone use; a host whose
    /// agent already owns those blackholes (calico-node: the agent's protocol 80) turns it off, so that every kernel
    /// route has exactly one owner (two owners would replace each other's route, as the kernel keys a route by
    /// destination, table and metric, not by protocol).
    /// </summary>
    public bool InstallBlackholes { get; set; } = true;
}
