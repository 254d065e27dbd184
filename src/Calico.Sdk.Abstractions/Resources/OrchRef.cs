using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A reference from a <see cref="Node"/> to the orchestrator's name for it.</summary>
public sealed class OrchRef
{
    /// <summary>The orchestrator's name of the node.</summary>
    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }

    /// <summary>The orchestrator, e.g. <c>k8s</c>.</summary>
    [JsonPropertyName("orchestrator")]
    public string? Orchestrator { get; set; }
}
