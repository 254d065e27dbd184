using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The status of <see cref="KubeControllersConfiguration"/>: what is actually running.</summary>
public sealed class KubeControllersConfigurationStatus
{
    /// <summary>The configuration in effect, after environment overrides.</summary>
    [JsonPropertyName("runningConfig")]
    public KubeControllersConfigurationSpec? RunningConfig { get; set; }

    /// <summary>The environment variables that overrode the spec.</summary>
    [JsonPropertyName("environmentVars")]
    public IDictionary<string, string>? EnvironmentVars { get; set; }
}
