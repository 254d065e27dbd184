using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A match on the service account of a peer pod.</summary>
public sealed class ServiceAccountMatch
{
    /// <summary>Service account names; any matches.</summary>
    [JsonPropertyName("names")]
    public IList<string>? Names { get; set; }

    /// <summary>A selector over the service accounts' labels.</summary>
    [JsonPropertyName("selector")]
    public string? Selector { get; set; }
}
