using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Free-form metadata of a <see cref="Rule"/>.</summary>
public sealed class RuleMetadata
{
    /// <summary>Annotations, ignored by enforcement.</summary>
    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }
}
