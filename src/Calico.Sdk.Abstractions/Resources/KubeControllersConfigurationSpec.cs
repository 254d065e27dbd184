using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="KubeControllersConfiguration"/>.</summary>
public sealed class KubeControllersConfigurationSpec
{
    /// <summary>The log level (default Info).</summary>
    [JsonPropertyName("logSeverityScreen")]
    public string? LogSeverityScreen { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("healthChecks")]
    public string? HealthChecks { get; set; }

    /// <summary>The etcd compaction period (default 10m; 0 disables).</summary>
    [JsonPropertyName("etcdV3CompactionPeriod")]
    public string? EtcdV3CompactionPeriod { get; set; }

    /// <summary>The metrics port (default 9094; 0 disables).</summary>
    [JsonPropertyName("prometheusMetricsPort")]
    public int? PrometheusMetricsPort { get; set; }

    /// <summary>The profiling port.</summary>
    [JsonPropertyName("debugProfilePort")]
    public int? DebugProfilePort { get; set; }

    /// <summary>The controllers and their settings.</summary>
    [JsonPropertyName("controllers")]
    public ControllersConfig? Controllers { get; set; }
}
