using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>One expression of a Kubernetes label selector.</summary>
public sealed class LabelSelectorRequirement
{
    /// <summary>The label key.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    [JsonPropertyName("operator")]
    public string? Operator { get; set; }

    /// <summary>The values for <c>In</c>/<c>NotIn</c>.</summary>
    [JsonPropertyName("values")]
    public IList<string>? Values { get; set; }
}
