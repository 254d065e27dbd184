namespace Calico.Sdk.Ipam;

/// <summary>A request to assign addresses automatically, like Calico's <c>AutoAssignArgs</c>.</summary>
/// <param name="HandleId">The owner handle, e.g. <c>k8s-pod-network.&lt;containerID&gt;</c>.</param>
/// <param name="Node">The node whose affine blocks are used.</param>
/// <param name="IPv4Count">How many IPv4 addresses (0 or more).</param>
/// <param name="IPv6Count">How many IPv6 addresses (0 or more).</param>
public sealed record AutoAssignRequest(string HandleId, string Node, int IPv4Count, int IPv6Count)
{
    /// <summary>Attributes stored with the allocation: namespace, pod, node, ...</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Named or CIDR-identified IPv4 pools to use (as the <c>cni.projectcalico.org/ipv4pools</c>
    /// annotation does); empty means every automatic pool that applies.</summary>
    public IReadOnlyList<string> IPv4Pools { get; init; } = [];

    /// <summary>Named or CIDR-identified IPv6 pools to use; empty means every automatic pool that applies.</summary>
    public IReadOnlyList<string> IPv6Pools { get; init; } = [];

    /// <summary>The labels of the workload's namespace, matched against pools' <c>namespaceSelector</c>.</summary>
    public IReadOnlyDictionary<string, string>? NamespaceLabels { get; init; }

    /// <summary>What the addresses are for; only pools whose <c>allowedUses</c> include it are used.</summary>
    public IpamUse Use { get; init; } = IpamUse.Workload;
}
