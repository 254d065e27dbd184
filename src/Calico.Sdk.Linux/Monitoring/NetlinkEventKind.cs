namespace Calico.Sdk.Linux;

/// <summary>What a change notification reports (the rtnetlink message type).</summary>
public enum NetlinkEventKind
{
    /// <summary>RTM_NEWLINK: a link was created or changed (state, MTU, name, ...).</summary>
    NewLink,

    /// <summary>RTM_DELLINK: a link was deleted or left the namespace.</summary>
    DeleteLink,

    /// <summary>RTM_NEWADDR: an address was added or changed.</summary>
    NewAddress,

    /// <summary>RTM_DELADDR: an address was removed.</summary>
    DeleteAddress,

    /// <summary>RTM_NEWROUTE: a route was added or replaced.</summary>
    NewRoute,

    /// <summary>RTM_DELROUTE: a route was removed.</summary>
    DeleteRoute,
}
