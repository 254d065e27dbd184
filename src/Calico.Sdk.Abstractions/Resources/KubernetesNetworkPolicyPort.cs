using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A port of a Kubernetes network policy rule.</summary>
public sealed class KubernetesNetworkPolicyPort
{
    /// <summary><c>TCP</c> (default), <c>UDP</c> or <c>SCTP</c>.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>A port number or a named port.</summary>
    [JsonPropertyName("port")]
    public IntOrString? Port { get; set; }

    /// <summary>The end of a numeric port range.</summary>
    [JsonPropertyName("endPort")]
    public int? EndPort { get; set; }
}
