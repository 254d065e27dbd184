using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A named port of a <see cref="WorkloadEndpoint"/>.</summary>
public sealed class WorkloadEndpointPort
{
    /// <summary>The port name, referenced by rules.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The protocol.</summary>
    [JsonPropertyName("protocol")]
    public ProtocolValue? Protocol { get; set; }

    /// <summary>The port number.</summary>
    [JsonPropertyName("port")]
    public int? Port { get; set; }

    /// <summary>The host port mapped to it, if any.</summary>
    [JsonPropertyName("hostPort")]
    public int? HostPort { get; set; }

    /// <summary>The host address of the host port.</summary>
    [JsonPropertyName("hostIP")]
    public string? HostIP { get; set; }
}
