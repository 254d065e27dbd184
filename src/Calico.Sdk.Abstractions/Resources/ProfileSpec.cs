using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="Profile"/>.</summary>
public sealed class ProfileSpec
{
    /// <summary>Ingress rules, in order.</summary>
    [JsonPropertyName("ingress")]
    public IList<Rule>? Ingress { get; set; }

    /// <summary>Egress rules, in order.</summary>
    [JsonPropertyName("egress")]
    public IList<Rule>? Egress { get; set; }

    /// <summary>Labels inherited by every endpoint that references the profile.</summary>
    [JsonPropertyName("labelsToApply")]
    public IDictionary<string, string>? LabelsToApply { get; set; }
}
