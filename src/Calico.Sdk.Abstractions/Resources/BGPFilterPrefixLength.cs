using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A prefix-length range of a <see cref="BGPFilterRule"/>.</summary>
public sealed class BGPFilterPrefixLength
{
    /// <summary>The minimum prefix length.</summary>
    [JsonPropertyName("min")]
    public int? Min { get; set; }

    /// <summary>The maximum prefix length.</summary>
    [JsonPropertyName("max")]
    public int? Max { get; set; }
}
