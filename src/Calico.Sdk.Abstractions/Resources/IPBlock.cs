using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Kubernetes network policy CIDR peer.</summary>
public sealed class IPBlock
{
    /// <summary>The CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary>CIDRs inside it that are excluded.</summary>
    [JsonPropertyName("except")]
    public IList<string>? Except { get; set; }
}
