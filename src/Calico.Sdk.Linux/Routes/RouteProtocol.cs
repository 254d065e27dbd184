namespace Calico.Sdk.Linux;

/// <summary>Who installed a route (rtm_protocol, RTPROT_*). Any other byte may be cast, e.g. Calico's 80.</summary>
public enum RouteProtocol : byte
{
    /// <summary>Unknown.</summary>
    Unspecified = 0,

    /// <summary>An ICMP redirect.</summary>
    Redirect = 1,

    /// <summary>The kernel (connected routes).</summary>
    Kernel = 2,

    /// <summary>Installed during boot or by <c>ip route</c> without <c>proto</c> (iproute2's default).</summary>
    Boot = 3,

    /// <summary>Installed by the administrator.</summary>
    Static = 4,

    /// <summary>Installed by BIRD.</summary>
    Bird = 12,

    /// <summary>Calico's Felix (the value it uses for its routes).</summary>
    Calico = 80,
}
