using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The source or destination match of a <see cref="Rule"/>.</summary>
public sealed class EntityRule
{
    /// <summary>CIDRs the peer must be in.</summary>
    [JsonPropertyName("nets")]
    public IList<string>? Nets { get; set; }

    /// <summary>A selector over Calico endpoints and network sets.</summary>
    [JsonPropertyName("selector")]
    public string? Selector { get; set; }

    /// <summary>A selector over namespaces (or <c>global()</c>).</summary>
    [JsonPropertyName("namespaceSelector")]
    public string? NamespaceSelector { get; set; }

    /// <summary>A Kubernetes Service.</summary>
    [JsonPropertyName("services")]
    public ServiceMatch? Services { get; set; }

    /// <summary>Ports, ranges or named ports.</summary>
    [JsonPropertyName("ports")]
    public IList<Port>? Ports { get; set; }

    /// <summary>CIDRs the peer must not be in.</summary>
    [JsonPropertyName("notNets")]
    public IList<string>? NotNets { get; set; }

    /// <summary>A selector the peer must not match.</summary>
    [JsonPropertyName("notSelector")]
    public string? NotSelector { get; set; }

    /// <summary>Ports the traffic must not use.</summary>
    [JsonPropertyName("notPorts")]
    public IList<Port>? NotPorts { get; set; }

    /// <summary>Service accounts of the peer.</summary>
    [JsonPropertyName("serviceAccounts")]
    public ServiceAccountMatch? ServiceAccounts { get; set; }
}
