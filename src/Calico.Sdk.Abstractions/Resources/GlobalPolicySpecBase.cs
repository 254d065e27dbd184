using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The fields of cluster-wide policy specs: GlobalNetworkPolicy and StagedGlobalNetworkPolicy.</summary>
public abstract class GlobalPolicySpecBase : PolicySpecBase
{
    /// <summary>A selector over the namespaces of the selected endpoints.</summary>
    [JsonPropertyName("namespaceSelector")]
    public string? NamespaceSelector { get; set; }

    /// <summary>Apply before connection tracking (host endpoints).</summary>
    [JsonPropertyName("doNotTrack")]
    public bool? DoNotTrack { get; set; }

    /// <summary>Apply before DNAT (host endpoints, ingress only).</summary>
    [JsonPropertyName("preDNAT")]
    public bool? PreDNAT { get; set; }

    /// <summary>Also apply to traffic forwarded through host endpoints.</summary>
    [JsonPropertyName("applyOnForward")]
    public bool? ApplyOnForward { get; set; }
}
