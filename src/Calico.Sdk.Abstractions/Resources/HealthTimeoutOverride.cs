using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A timeout override of one of Felix's health reporters.</summary>
public sealed class HealthTimeoutOverride
{
    /// <summary>The reporter name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The timeout, a duration.</summary>
    [JsonPropertyName("timeout")]
    public string? Timeout { get; set; }
}
