using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A one-to-one NAT mapping of a <see cref="WorkloadEndpoint"/>.</summary>
public sealed class IPNat
{
    /// <summary>The workload's own address.</summary>
    [JsonPropertyName("internalIP")]
    public string? InternalIP { get; set; }

    /// <summary>The floating address mapped to it.</summary>
    [JsonPropertyName("externalIP")]
    public string? ExternalIP { get; set; }
}
