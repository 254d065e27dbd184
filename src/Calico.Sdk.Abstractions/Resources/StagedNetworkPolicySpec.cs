using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="StagedNetworkPolicy"/>.</summary>
public sealed class StagedNetworkPolicySpec : PolicySpecBase
{
    /// <summary><c>Set</c> (default), <c>Delete</c>, <c>Learn</c> or <c>Ignore</c>.</summary>
    [JsonPropertyName("stagedAction")]
    public string? StagedAction { get; set; }
}
