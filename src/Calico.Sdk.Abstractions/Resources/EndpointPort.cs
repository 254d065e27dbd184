using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A named port of a <see cref="HostEndpoint"/>.</summary>
public sealed class EndpointPort
{
    /// <summary>The port name, referenced by rules.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The protocol.</summary>
    [JsonPropertyName("protocol")]
    public ProtocolValue? Protocol { get; set; }

    /// <summary>The port number (1–65535).</summary>
    [JsonPropertyName("port")]
    public int? Port { get; set; }
}
