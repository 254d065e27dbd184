using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An address of a <see cref="Node"/>.</summary>
public sealed class NodeAddress
{
    /// <summary>The address (optionally with prefix length).</summary>
    [JsonPropertyName("address")]
    public string? Address { get; set; }

    /// <summary><c>CalicoNodeIP</c>, <c>InternalIP</c> or <c>ExternalIP</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
