using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="BGPConfiguration"/>.</summary>
public sealed class BGPConfigurationSpec
{
    /// <summary>BIRD's log level: Trace, Debug, Info (default), Warning, Error or Fatal.</summary>
    [JsonPropertyName("logSeverityScreen")]
    public string? LogSeverityScreen { get; set; }

    /// <summary>Whether every node peers with every other (default <see langword="true"/>; global only).</summary>
    [JsonPropertyName("nodeToNodeMeshEnabled")]
    public bool? NodeToNodeMeshEnabled { get; set; }

    /// <summary>The default AS number of nodes (default 64512; global only).</summary>
    [JsonPropertyName("asNumber")]
    public AsNumber? AsNumber { get; set; }

    /// <summary>Load-balancer IP ranges to advertise.</summary>
    [JsonPropertyName("serviceLoadBalancerIPs")]
    public IList<ServiceLoadBalancerIPBlock>? ServiceLoadBalancerIPs { get; set; }

    /// <summary>External IP ranges to advertise.</summary>
    [JsonPropertyName("serviceExternalIPs")]
    public IList<ServiceExternalIPBlock>? ServiceExternalIPs { get; set; }

    /// <summary>Cluster IP ranges to advertise.</summary>
    [JsonPropertyName("serviceClusterIPs")]
    public IList<ServiceClusterIPBlock>? ServiceClusterIPs { get; set; }

    /// <summary>The BGP port (default 179).</summary>
    [JsonPropertyName("listenPort")]
    public int? ListenPort { get; set; }

    /// <summary>Named communities.</summary>
    [JsonPropertyName("communities")]
    public IList<Community>? Communities { get; set; }

    /// <summary>Communities per exported prefix.</summary>
    [JsonPropertyName("prefixAdvertisements")]
    public IList<PrefixAdvertisement>? PrefixAdvertisements { get; set; }

    /// <summary><c>None</c> (listen on all addresses) or <c>NodeIP</c>.</summary>
    [JsonPropertyName("bindMode")]
    public string? BindMode { get; set; }

    /// <summary>Interfaces excluded from the direct protocol.</summary>
    [JsonPropertyName("ignoredInterfaces")]
    public IList<string>? IgnoredInterfaces { get; set; }

    /// <summary>The mesh session password (global only).</summary>
    [JsonPropertyName("nodeMeshPassword")]
    public BgpPassword? NodeMeshPassword { get; set; }

    /// <summary>The mesh graceful-restart time, a duration (global only).</summary>
    [JsonPropertyName("nodeMeshMaxRestartTime")]
    public string? NodeMeshMaxRestartTime { get; set; }

    /// <summary>The IPv4 address local workloads peer with.</summary>
    [JsonPropertyName("localWorkloadPeeringIPV4")]
    public string? LocalWorkloadPeeringIPV4 { get; set; }

    /// <summary>The IPv6 address local workloads peer with.</summary>
    [JsonPropertyName("localWorkloadPeeringIPV6")]
    public string? LocalWorkloadPeeringIPV6 { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("serviceLoadBalancerAggregation")]
    public string? ServiceLoadBalancerAggregation { get; set; }

    /// <summary>Which cluster routes BIRD programs, e.g. <c>EnabledNoEncapOnly</c>.</summary>
    [JsonPropertyName("programClusterRoutes")]
    public string? ProgramClusterRoutes { get; set; }

    /// <summary>The IPv4 route priority (default 1024; must equal Felix's).</summary>
    [JsonPropertyName("ipv4NormalRoutePriority")]
    public int? Ipv4NormalRoutePriority { get; set; }

    /// <summary>The IPv6 route priority (default 1024; must equal Felix's).</summary>
    [JsonPropertyName("ipv6NormalRoutePriority")]
    public int? Ipv6NormalRoutePriority { get; set; }
}
