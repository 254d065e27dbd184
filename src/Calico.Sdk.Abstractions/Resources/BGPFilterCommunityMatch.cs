using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A community match of a <see cref="BGPFilterRule"/>.</summary>
public sealed class BGPFilterCommunityMatch
{
    /// <summary>Community values (exactly one is supported).</summary>
    [JsonPropertyName("values")]
    public IList<string>? Values { get; set; }
}
