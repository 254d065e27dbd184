using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The node controller's settings.</summary>
public sealed class NodeControllerConfig
{
    /// <summary>The resync period (default 5m).</summary>
    [JsonPropertyName("reconcilerPeriod")]
    public string? ReconcilerPeriod { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("syncLabels")]
    public string? SyncLabels { get; set; }

    /// <summary>Automatic host endpoints.</summary>
    [JsonPropertyName("hostEndpoint")]
    public AutoHostEndpointConfig? HostEndpoint { get; set; }

    /// <summary>How long a leaked address waits before IPAM GC frees it (default 15m; 0 disables).</summary>
    [JsonPropertyName("leakGracePeriod")]
    public string? LeakGracePeriod { get; set; }
}
