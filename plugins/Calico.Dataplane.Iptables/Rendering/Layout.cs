using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>The fixed behaviour of the rendered chains, apart from the policy state.</summary>
/// <param name="WorkloadPrefixes">Interface name prefixes of workloads (unknown ones are dropped).</param>
/// <param name="EndpointToHost">Workload → own host traffic after the egress program.</param>
internal sealed record Layout(IReadOnlyList<string> WorkloadPrefixes, EndpointToHostAction EndpointToHost)
{
    /// <summary>Host endpoint ingress always allowed (Felix <c>failsafeInboundHostPorts</c>).</summary>
    public IReadOnlyList<FailsafePort> FailsafeInbound { get; init; } = FailsafePort.DefaultInbound;

    /// <summary>Host endpoint egress always allowed (Felix <c>failsafeOutboundHostPorts</c>).</summary>
    public IReadOnlyList<FailsafePort> FailsafeOutbound { get; init; } = FailsafePort.DefaultOutbound;
}
