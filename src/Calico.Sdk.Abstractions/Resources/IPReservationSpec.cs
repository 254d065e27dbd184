using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="IPReservation"/>.</summary>
public sealed class IPReservationSpec
{
    /// <summary>CIDRs (or bare addresses) that IPAM never hands out.</summary>
    [JsonPropertyName("reservedCIDRs")]
    public IList<string>? ReservedCidrs { get; set; }
}
