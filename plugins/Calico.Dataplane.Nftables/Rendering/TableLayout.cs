using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>What the rendered table looks like apart from the policy state: its name and the fixed behaviour.</summary>
/// <param name="Family">The nft family (always <c>inet</c>: one table for IPv4 and IPv6).</param>
/// <param name="Name">The table name.</param>
/// <param name="WorkloadPrefixes">Interface name prefixes of workloads (unknown ones are dropped).</param>
/// <param name="EndpointToHost">Workload → own host traffic after the egress program.</param>
internal sealed record TableLayout(string Family, string Name, IReadOnlyList<string> WorkloadPrefixes, EndpointToHostAction EndpointToHost)
{
    /// <summary>Host endpoint ingress always allowed (Felix <c>failsafeInboundHostPorts</c>).</summary>
    public IReadOnlyList<FailsafePort> FailsafeInbound { get; init; } = FailsafePort.DefaultInbound;

    /// <summary>Host endpoint egress always allowed (Felix <c>failsafeOutboundHostPorts</c>).</summary>
    public IReadOnlyList<FailsafePort> FailsafeOutbound { get; init; } = FailsafePort.DefaultOutbound;

    /// <summary><c>inet calico</c>.</summary>
    public string Qualified => Family + " " + Name;
}
