using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="IPPool"/>.</summary>
public sealed class IPPoolSpec
{
    /// <summary>The pool's CIDR, e.g. <c>192.168.0.0/16</c>; required, strictly masked and immutable.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary>When to encapsulate with VXLAN: <c>Never</c> (default), <c>Always</c> or <c>CrossSubnet</c>.</summary>
    [JsonPropertyName("vxlanMode")]
    public string? VxlanMode { get; set; }

    /// <summary>When to encapsulate with IP-in-IP: <c>Never</c> (default), <c>Always</c> or <c>CrossSubnet</c>; IPv4 only.</summary>
    [JsonPropertyName("ipipMode")]
    public string? IpipMode { get; set; }

    /// <summary>Whether traffic from the pool to destinations outside every pool is masqueraded.</summary>
    [JsonPropertyName("natOutgoing")]
    public bool? NatOutgoing { get; set; }

    /// <summary>Whether new allocations from the pool are refused.</summary>
    [JsonPropertyName("disabled")]
    public bool? Disabled { get; set; }

    /// <summary>Whether BGP stops exporting the pool's routes.</summary>
    [JsonPropertyName("disableBGPExport")]
    public bool? DisableBgpExport { get; set; }

    /// <summary>The prefix length of the pool's IPAM blocks: 26 (IPv4) / 122 (IPv6) by default; immutable.</summary>
    [JsonPropertyName("blockSize")]
    public int? BlockSize { get; set; }

    /// <summary>The nodes that may allocate from the pool; <c>all()</c> by default.</summary>
    [JsonPropertyName("nodeSelector")]
    public string? NodeSelector { get; set; }

    /// <summary>The namespaces whose pods may allocate from the pool; empty means every namespace.</summary>
    [JsonPropertyName("namespaceSelector")]
    public string? NamespaceSelector { get; set; }

    /// <summary>What the pool's addresses may be used for: <c>Workload</c>, <c>Tunnel</c>, <c>LoadBalancer</c>.</summary>
    [JsonPropertyName("allowedUses")]
    public IList<string>? AllowedUses { get; set; }

    /// <summary><c>Automatic</c> (default) or <c>Manual</c> (only used when explicitly requested).</summary>
    [JsonPropertyName("assignmentMode")]
    public string? AssignmentMode { get; set; }
}
