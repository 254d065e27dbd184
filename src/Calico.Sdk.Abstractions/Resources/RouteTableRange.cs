using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A range of kernel routing table indexes.</summary>
public sealed class RouteTableRange
{
    /// <summary>The first table.</summary>
    [JsonPropertyName("min")]
    public int? Min { get; set; }

    /// <summary>The last table.</summary>
    [JsonPropertyName("max")]
    public int? Max { get; set; }
}
