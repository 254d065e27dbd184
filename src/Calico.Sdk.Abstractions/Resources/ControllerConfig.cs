using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A controller's resync period.</summary>
public sealed class ControllerConfig
{
    /// <summary>The resync period (default 5m).</summary>
    [JsonPropertyName("reconcilerPeriod")]
    public string? ReconcilerPeriod { get; set; }
}
