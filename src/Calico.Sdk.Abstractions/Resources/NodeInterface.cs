using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A host interface of a <see cref="Node"/>.</summary>
public sealed class NodeInterface
{
    /// <summary>The interface name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The interface's addresses.</summary>
    [JsonPropertyName("addresses")]
    public IList<string>? Addresses { get; set; }
}
