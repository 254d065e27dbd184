using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Bandwidth, packet-rate and connection limits of a <see cref="WorkloadEndpoint"/>.</summary>
public sealed class QoSControls
{
    /// <summary>Ingress bandwidth limit in bits/s.</summary>
    [JsonPropertyName("ingressBandwidth")]
    public long? IngressBandwidth { get; set; }

    /// <summary>Egress bandwidth limit in bits/s.</summary>
    [JsonPropertyName("egressBandwidth")]
    public long? EgressBandwidth { get; set; }

    /// <summary>Ingress burst in bits.</summary>
    [JsonPropertyName("ingressBurst")]
    public long? IngressBurst { get; set; }

    /// <summary>Egress burst in bits.</summary>
    [JsonPropertyName("egressBurst")]
    public long? EgressBurst { get; set; }

    /// <summary>Ingress peak rate in bits/s.</summary>
    [JsonPropertyName("ingressPeakrate")]
    public long? IngressPeakrate { get; set; }

    /// <summary>Egress peak rate in bits/s.</summary>
    [JsonPropertyName("egressPeakrate")]
    public long? EgressPeakrate { get; set; }

    /// <summary>Ingress minimum burst in bytes.</summary>
    [JsonPropertyName("ingressMinburst")]
    public long? IngressMinburst { get; set; }

    /// <summary>Egress minimum burst in bytes.</summary>
    [JsonPropertyName("egressMinburst")]
    public long? EgressMinburst { get; set; }

    /// <summary>Ingress packet rate limit in packets/s.</summary>
    [JsonPropertyName("ingressPacketRate")]
    public long? IngressPacketRate { get; set; }

    /// <summary>Egress packet rate limit in packets/s.</summary>
    [JsonPropertyName("egressPacketRate")]
    public long? EgressPacketRate { get; set; }

    /// <summary>Ingress packet burst.</summary>
    [JsonPropertyName("ingressPacketBurst")]
    public long? IngressPacketBurst { get; set; }

    /// <summary>Egress packet burst.</summary>
    [JsonPropertyName("egressPacketBurst")]
    public long? EgressPacketBurst { get; set; }

    /// <summary>Maximum ingress connections.</summary>
    [JsonPropertyName("ingressMaxConnections")]
    public long? IngressMaxConnections { get; set; }

    /// <summary>Maximum egress connections.</summary>
    [JsonPropertyName("egressMaxConnections")]
    public long? EgressMaxConnections { get; set; }

    /// <summary>DSCP value (number or name) set on egress traffic.</summary>
    [JsonPropertyName("dscp")]
    public string? Dscp { get; set; }
}
