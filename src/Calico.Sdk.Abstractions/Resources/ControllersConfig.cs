using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The controllers of kube-controllers; an absent controller is disabled.</summary>
public sealed class ControllersConfig
{
    /// <summary>The node controller.</summary>
    [JsonPropertyName("node")]
    public NodeControllerConfig? Node { get; set; }

    /// <summary>The policy controller.</summary>
    [JsonPropertyName("policy")]
    public ControllerConfig? Policy { get; set; }

    /// <summary>The workload endpoint controller.</summary>
    [JsonPropertyName("workloadEndpoint")]
    public ControllerConfig? WorkloadEndpoint { get; set; }

    /// <summary>The service account controller.</summary>
    [JsonPropertyName("serviceAccount")]
    public ControllerConfig? ServiceAccount { get; set; }

    /// <summary>The namespace controller.</summary>
    [JsonPropertyName("namespace")]
    public ControllerConfig? Namespace { get; set; }

    /// <summary>The load-balancer IPAM controller.</summary>
    [JsonPropertyName("loadBalancer")]
    public LoadBalancerControllerConfig? LoadBalancer { get; set; }

    /// <summary>The policy name migration controller.</summary>
    [JsonPropertyName("migration")]
    public PolicyMigrationConfig? Migration { get; set; }
}
