using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Kubernetes-style status condition.</summary>
public sealed class Condition
{
    /// <summary>The condition type, e.g. <c>Allocatable</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>A machine-readable reason in CamelCase, e.g. <c>CIDROverlap</c>.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>A human-readable message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>When the status last changed (RFC 3339).</summary>
    [JsonPropertyName("lastTransitionTime")]
    public string? LastTransitionTime { get; set; }

    /// <summary>The object generation the condition was computed from.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}
