using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="WorkloadEndpoint"/>.</summary>
public sealed class WorkloadEndpointSpec
{
    /// <summary>The orchestrator, e.g. <c>k8s</c>.</summary>
    [JsonPropertyName("orchestrator")]
    public string? Orchestrator { get; set; }

    /// <summary>The workload name.</summary>
    [JsonPropertyName("workload")]
    public string? Workload { get; set; }

    /// <summary>The node hosting the endpoint.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary>The container id.</summary>
    [JsonPropertyName("containerID")]
    public string? ContainerId { get; set; }

    /// <summary>The pod name (Kubernetes).</summary>
    [JsonPropertyName("pod")]
    public string? Pod { get; set; }

    /// <summary>The endpoint (interface) name inside the workload, e.g. <c>eth0</c>.</summary>
    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    /// <summary>The pod's service account.</summary>
    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    /// <summary>The endpoint's addresses as /32 or /128 CIDRs.</summary>
    [JsonPropertyName("ipNetworks")]
    public IList<string>? IpNetworks { get; set; }

    /// <summary>One-to-one NAT mappings (floating IPs).</summary>
    [JsonPropertyName("ipNATs")]
    public IList<IPNat>? IPNats { get; set; }

    /// <summary>The IPv4 gateway of the endpoint.</summary>
    [JsonPropertyName("ipv4Gateway")]
    public string? IPv4Gateway { get; set; }

    /// <summary>The IPv6 gateway of the endpoint.</summary>
    [JsonPropertyName("ipv6Gateway")]
    public string? IPv6Gateway { get; set; }

    /// <summary>Profiles applied to the endpoint, in order.</summary>
    [JsonPropertyName("profiles")]
    public IList<string>? Profiles { get; set; }

    /// <summary>The host-side interface name, e.g. <c>cali0123456789a</c>.</summary>
    [JsonPropertyName("interfaceName")]
    public string? InterfaceName { get; set; }

    /// <summary>The MAC address of the workload's interface.</summary>
    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    /// <summary>Named ports.</summary>
    [JsonPropertyName("ports")]
    public IList<WorkloadEndpointPort>? Ports { get; set; }

    /// <summary>Source prefixes the workload may send from besides its own addresses.</summary>
    [JsonPropertyName("allowSpoofedSourcePrefixes")]
    public IList<string>? AllowSpoofedSourcePrefixes { get; set; }

    /// <summary>Bandwidth and rate limits.</summary>
    [JsonPropertyName("qosControls")]
    public QoSControls? QoSControls { get; set; }
}
