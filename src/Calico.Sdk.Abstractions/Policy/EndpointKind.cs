namespace Calico.Sdk.Policy;

/// <summary>What kind of endpoint an <see cref="EndpointId"/> names.</summary>
public enum EndpointKind
{
    /// <summary>A WorkloadEndpoint (a pod's or container's interface).</summary>
    Workload,

    /// <summary>A HostEndpoint (a host interface, or the host's addresses).</summary>
    Host,
}
