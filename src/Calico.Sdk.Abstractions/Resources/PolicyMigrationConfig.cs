using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The policy name migration controller's settings.</summary>
public sealed class PolicyMigrationConfig
{
    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("policyNameMigrator")]
    public string? PolicyNameMigrator { get; set; }
}
