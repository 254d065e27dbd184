using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// The fields every Calico policy spec shares: NetworkPolicy, GlobalNetworkPolicy and their staged forms.
/// </summary>
public abstract class PolicySpecBase
{
    /// <summary>The tier; <c>default</c> when empty.</summary>
    [JsonPropertyName("tier")]
    public string? Tier { get; set; }

    /// <summary>The position in the tier; lower first, unset last.</summary>
    [JsonPropertyName("order")]
    public double? Order { get; set; }

    /// <summary>The endpoints the policy applies to (only those in its namespace for a namespaced policy).</summary>
    [JsonPropertyName("selector")]
    public string? Selector { get; set; }

    /// <summary><c>Ingress</c> and/or <c>Egress</c>; defaulted from the rules when empty.</summary>
    [JsonPropertyName("types")]
    public IList<string>? Types { get; set; }

    /// <summary>Ingress rules, in order.</summary>
    [JsonPropertyName("ingress")]
    public IList<Rule>? Ingress { get; set; }

    /// <summary>Egress rules, in order.</summary>
    [JsonPropertyName("egress")]
    public IList<Rule>? Egress { get; set; }

    /// <summary>A selector over the service accounts of the selected endpoints.</summary>
    [JsonPropertyName("serviceAccountSelector")]
    public string? ServiceAccountSelector { get; set; }

    /// <summary>Hints, e.g. <c>AssumeNeededOnEveryNode</c>.</summary>
    [JsonPropertyName("performanceHints")]
    public IList<string>? PerformanceHints { get; set; }
}
