namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>The chains a host endpoint gets: one per stage of Felix's host endpoint processing.</summary>
internal enum HostStage
{
    /// <summary>Traffic terminating at the host (input hook; Felix <c>cali-fh-</c>).</summary>
    Ingress,

    /// <summary>Traffic originating from the host (output hook; Felix <c>cali-th-</c>).</summary>
    Egress,

    /// <summary>Traffic forwarded in through the interface (applyOnForward; Felix <c>cali-fhfw-</c>).</summary>
    ForwardIngress,

    /// <summary>Traffic forwarded out through the interface (applyOnForward; Felix <c>cali-thfw-</c>).</summary>
    ForwardEgress,

    /// <summary>doNotTrack ingress (raw prerouting).</summary>
    UntrackedIngress,

    /// <summary>doNotTrack egress of host-originated traffic (raw output).</summary>
    UntrackedEgress,

    /// <summary>doNotTrack egress of forwarded traffic (checked in the forward hook; conntrack already ran).</summary>
    UntrackedForwardEgress,

    /// <summary>preDNAT ingress (prerouting at mangle priority, before DNAT).</summary>
    PreDnat,
}
