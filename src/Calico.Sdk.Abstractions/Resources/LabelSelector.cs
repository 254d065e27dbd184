using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Kubernetes label selector; an empty selector selects everything.</summary>
public sealed class LabelSelector
{
    /// <summary>Labels that must all be equal.</summary>
    [JsonPropertyName("matchLabels")]
    public IDictionary<string, string>? MatchLabels { get; set; }

    /// <summary>Expressions that must all hold.</summary>
    [JsonPropertyName("matchExpressions")]
    public IList<LabelSelectorRequirement>? MatchExpressions { get; set; }
}
