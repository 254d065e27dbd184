using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A policy rule: an action applied to traffic matching every criterion that is present.</summary>
public sealed class Rule
{
    /// <summary>Free-form annotations.</summary>
    [JsonPropertyName("metadata")]
    public RuleMetadata? Metadata { get; set; }

    /// <summary><c>Allow</c>, <c>Deny</c>, <c>Log</c> or <c>Pass</c>; required.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>4 or 6: the rule only applies to that family.</summary>
    [JsonPropertyName("ipVersion")]
    public int? IpVersion { get; set; }

    /// <summary>The protocol, by name or number.</summary>
    [JsonPropertyName("protocol")]
    public ProtocolValue? Protocol { get; set; }

    /// <summary>An ICMP type/code match.</summary>
    [JsonPropertyName("icmp")]
    public IcmpFields? Icmp { get; set; }

    /// <summary>A protocol the traffic must not use.</summary>
    [JsonPropertyName("notProtocol")]
    public ProtocolValue? NotProtocol { get; set; }

    /// <summary>An ICMP type/code the traffic must not match.</summary>
    [JsonPropertyName("notICMP")]
    public IcmpFields? NotIcmp { get; set; }

    /// <summary>The source match.</summary>
    [JsonPropertyName("source")]
    public EntityRule? Source { get; set; }

    /// <summary>The destination match.</summary>
    [JsonPropertyName("destination")]
    public EntityRule? Destination { get; set; }

    /// <summary>An HTTP match.</summary>
    [JsonPropertyName("http")]
    public HttpMatch? Http { get; set; }
}
