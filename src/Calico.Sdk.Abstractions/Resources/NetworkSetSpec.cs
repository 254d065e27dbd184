using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="NetworkSet"/> and <see cref="GlobalNetworkSet"/>.</summary>
public sealed class NetworkSetSpec
{
    /// <summary>The CIDRs (or bare addresses) of the set.</summary>
    [JsonPropertyName("nets")]
    public IList<string>? Nets { get; set; }
}
