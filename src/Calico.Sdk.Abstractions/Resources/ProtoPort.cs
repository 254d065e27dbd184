using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A protocol/port (and optional net) pair, e.g. a failsafe port.</summary>
public sealed class ProtoPort
{
    /// <summary><c>tcp</c>, <c>udp</c> or <c>sctp</c>.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    /// <summary>The port.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; set; }

    /// <summary>An optional CIDR the rule is restricted to.</summary>
    [JsonPropertyName("net")]
    public string? Net { get; set; }
}
