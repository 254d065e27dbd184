namespace Calico.Sdk.Ipam;

/// <summary>The handle ids Calico components use, so that every component finds the others' allocations.</summary>
public static class IpamHandleIds
{
    /// <summary>The CNI handle of a container: <c>&lt;network name&gt;.&lt;containerID&gt;</c>.</summary>
    /// <param name="networkName">The CNI network name, <c>k8s-pod-network</c> in the stock configuration.</param>
    /// <param name="containerId">The container id.</param>
    /// <returns>The handle id.</returns>
    public static string Workload(string networkName, string containerId) => networkName + "." + containerId;

    /// <summary>The handle of a node's IPv4 VXLAN tunnel address: <c>vxlan-tunnel-addr-&lt;node&gt;</c>.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The handle id.</returns>
    public static string VxlanTunnel(string node) => "vxlan-tunnel-addr-" + node;

    /// <summary>The handle of a node's IPv6 VXLAN tunnel address: <c>vxlan-v6-tunnel-addr-&lt;node&gt;</c>.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The handle id.</returns>
    public static string VxlanV6Tunnel(string node) => "vxlan-v6-tunnel-addr-" + node;

    /// <summary>The handle of a node's IP-in-IP tunnel address: <c>ipip-tunnel-addr-&lt;node&gt;</c>.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The handle id.</returns>
    public static string IpipTunnel(string node) => "ipip-tunnel-addr-" + node;

    /// <summary>The handle of a node's IPv4 WireGuard address: <c>wireguard-tunnel-addr-&lt;node&gt;</c>.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The handle id.</returns>
    public static string WireguardTunnel(string node) => "wireguard-tunnel-addr-" + node;

    /// <summary>The handle of a node's IPv6 WireGuard address: <c>wireguard-v6-tunnel-addr-&lt;node&gt;</c>.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The handle id.</returns>
    public static string WireguardV6Tunnel(string node) => "wireguard-v6-tunnel-addr-" + node;

    /// <summary>Every tunnel handle of a node.</summary>
    /// <param name="node">The node name.</param>
    /// <returns>The five tunnel handle ids.</returns>
    public static IReadOnlyList<string> TunnelHandles(string node) =>
        [VxlanTunnel(node), VxlanV6Tunnel(node), IpipTunnel(node), WireguardTunnel(node), WireguardV6Tunnel(node)];
}
