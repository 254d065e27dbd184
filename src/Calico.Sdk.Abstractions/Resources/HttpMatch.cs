using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An HTTP (layer 7) match, enforced by the application layer.</summary>
public sealed class HttpMatch
{
    /// <summary>HTTP methods; any matches.</summary>
    [JsonPropertyName("methods")]
    public IList<string>? Methods { get; set; }

    /// <summary>Paths; any matches.</summary>
    [JsonPropertyName("paths")]
    public IList<HttpPath>? Paths { get; set; }
}
