using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="HostEndpoint"/>.</summary>
public sealed class HostEndpointSpec
{
    /// <summary>The node the interface belongs to; required.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary>The interface, or <c>*</c> for all of the host's traffic.</summary>
    [JsonPropertyName("interfaceName")]
    public string? InterfaceName { get; set; }

    /// <summary>The addresses of the interface; required when no interface name is given.</summary>
    [JsonPropertyName("expectedIPs")]
    public IList<string>? ExpectedIPs { get; set; }

    /// <summary>Profiles applied to the endpoint, in order.</summary>
    [JsonPropertyName("profiles")]
    public IList<string>? Profiles { get; set; }

    /// <summary>Named ports.</summary>
    [JsonPropertyName("ports")]
    public IList<EndpointPort>? Ports { get; set; }
}
