namespace Calico.Sdk.Policy;

/// <summary>Where along the packet path a decision was taken.</summary>
public enum PolicyStage
{
    /// <summary>The source workload's egress program.</summary>
    WorkloadEgress,

    /// <summary>The destination workload's ingress program.</summary>
    WorkloadIngress,

    /// <summary>Workload to its own host: <c>defaultEndpointToHostAction</c> after the workload's egress.</summary>
    EndpointToHost,

    /// <summary>Host to a local workload: not policed by the workload's ingress policy.</summary>
    HostToWorkload,

    /// <summary>Host endpoint doNotTrack policies, inbound.</summary>
    HostUntrackedIngress,

    /// <summary>Host endpoint doNotTrack policies, outbound.</summary>
    HostUntrackedEgress,

    /// <summary>Host endpoint preDNAT policies.</summary>
    HostPreDnatIngress,

    /// <summary>Host endpoint normal policies, traffic terminating at the host.</summary>
    HostIngress,

    /// <summary>Host endpoint normal policies, traffic originating at the host.</summary>
    HostEgress,

    /// <summary>Host endpoint applyOnForward policies, forwarded traffic arriving through the interface.</summary>
    HostForwardIngress,

    /// <summary>Host endpoint applyOnForward policies, forwarded traffic leaving through the interface.</summary>
    HostForwardEgress,
}
