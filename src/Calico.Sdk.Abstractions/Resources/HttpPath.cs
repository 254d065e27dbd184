using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An HTTP path match: exactly one of <see cref="Exact"/> or <see cref="Prefix"/>.</summary>
public sealed class HttpPath
{
    /// <summary>The exact path.</summary>
    [JsonPropertyName("exact")]
    public string? Exact { get; set; }

    /// <summary>A path prefix.</summary>
    [JsonPropertyName("prefix")]
    public string? Prefix { get; set; }
}
