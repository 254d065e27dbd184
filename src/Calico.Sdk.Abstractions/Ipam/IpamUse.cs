namespace Calico.Sdk.Ipam;

/// <summary>The use an address is for, matched against an IP pool's <c>allowedUses</c>.</summary>
public enum IpamUse
{
    /// <summary>A workload (pod) address.</summary>
    Workload,

    /// <summary>A tunnel device address (VXLAN, IPIP, WireGuard).</summary>
    Tunnel,

    /// <summary>A load balancer service address.</summary>
    LoadBalancer,
}
