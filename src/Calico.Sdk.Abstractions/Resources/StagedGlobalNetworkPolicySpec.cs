using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="StagedGlobalNetworkPolicy"/>.</summary>
public sealed class StagedGlobalNetworkPolicySpec : GlobalPolicySpecBase
{
    /// <summary><c>Set</c> (default), <c>Delete</c>, <c>Learn</c> or <c>Ignore</c>.</summary>
    [JsonPropertyName("stagedAction")]
    public string? StagedAction { get; set; }
}
