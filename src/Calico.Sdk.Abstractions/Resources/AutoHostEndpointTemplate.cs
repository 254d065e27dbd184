using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A template of automatically created host endpoints.</summary>
public sealed class AutoHostEndpointTemplate
{
    /// <summary>The name suffix of generated host endpoints.</summary>
    [JsonPropertyName("generateName")]
    public string? GenerateName { get; set; }

    /// <summary>Only addresses inside these CIDRs become expected IPs.</summary>
    [JsonPropertyName("interfaceCIDRs")]
    public IList<string>? InterfaceCidrs { get; set; }

    /// <summary>A regex of the interfaces that get host endpoints.</summary>
    [JsonPropertyName("interfacePattern")]
    public string? InterfacePattern { get; set; }

    /// <summary>Labels of the generated host endpoints.</summary>
    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>The nodes the template applies to.</summary>
    [JsonPropertyName("nodeSelector")]
    public string? NodeSelector { get; set; }
}
