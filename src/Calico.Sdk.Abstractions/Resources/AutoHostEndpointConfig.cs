using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Automatic host endpoint settings of the node controller.</summary>
public sealed class AutoHostEndpointConfig
{
    /// <summary><c>Enabled</c> or <c>Disabled</c> (default).</summary>
    [JsonPropertyName("autoCreate")]
    public string? AutoCreate { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("createDefaultHostEndpoint")]
    public string? CreateDefaultHostEndpoint { get; set; }

    /// <summary>Host endpoint templates.</summary>
    [JsonPropertyName("templates")]
    public IList<AutoHostEndpointTemplate>? Templates { get; set; }
}
