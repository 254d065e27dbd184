namespace Calico.Sdk.Linux;

/// <summary>The rtnetlink multicast groups a <see cref="NetlinkMonitor"/> subscribes to.</summary>
[Flags]
public enum NetlinkGroups
{
    /// <summary>No group.</summary>
    None = 0,

    /// <summary>RTNLGRP_LINK.</summary>
    Link = 1,

    /// <summary>RTNLGRP_IPV4_IFADDR.</summary>
    IPv4Address = 2,

    /// <summary>RTNLGRP_IPV6_IFADDR.</summary>
    IPv6Address = 4,

    /// <summary>RTNLGRP_IPV4_ROUTE.</summary>
    IPv4Route = 8,

    /// <summary>RTNLGRP_IPV6_ROUTE.</summary>
    IPv6Route = 16,

    /// <summary>Links, addresses and routes of both families.</summary>
    All = Link | IPv4Address | IPv6Address | IPv4Route | IPv6Route,
}
