namespace Calico.Sdk.Routing;

/// <summary>How traffic to a remote block is carried, from the IP pool's <c>vxlanMode</c> / <c>ipipMode</c>.</summary>
public enum Encapsulation
{
    /// <summary>No encapsulation: route via the node's address.</summary>
    None,

    /// <summary>VXLAN always (<c>vxlanMode: Always</c>).</summary>
    VxlanAlways,

    /// <summary>VXLAN only to nodes in another subnet (<c>vxlanMode: CrossSubnet</c>).</summary>
    VxlanCrossSubnet,

    /// <summary>IP-in-IP always (<c>ipipMode: Always</c>).</summary>
    IpipAlways,

    /// <summary>IP-in-IP only to nodes in another subnet (<c>ipipMode: CrossSubnet</c>).</summary>
    IpipCrossSubnet,
}
