namespace Calico.Sdk.Linux;

/// <summary>The route type (rtm_type, RTN_*).</summary>
public enum RouteType : byte
{
    /// <summary>RTN_UNSPEC: matches any type in a delete.</summary>
    Unspecified = 0,

    /// <summary>A gateway or direct route.</summary>
    Unicast = 1,

    /// <summary>An address of this host.</summary>
    Local = 2,

    /// <summary>A broadcast address route.</summary>
    Broadcast = 3,

    /// <summary>An anycast route.</summary>
    Anycast = 4,

    /// <summary>A multicast route.</summary>
    Multicast = 5,

    /// <summary>Drop silently.</summary>
    Blackhole = 6,

    /// <summary>Drop with ICMP destination unreachable.</summary>
    Unreachable = 7,

    /// <summary>Drop with ICMP administratively prohibited.</summary>
    Prohibit = 8,

    /// <summary>Continue the lookup in the next policy rule.</summary>
    Throw = 9,
}
