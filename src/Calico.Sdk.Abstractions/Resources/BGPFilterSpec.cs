using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="BGPFilter"/>.</summary>
public sealed class BGPFilterSpec
{
    /// <summary>IPv4 export rules, in order.</summary>
    [JsonPropertyName("exportV4")]
    public IList<BGPFilterRule>? ExportV4 { get; set; }

    /// <summary>IPv4 import rules, in order.</summary>
    [JsonPropertyName("importV4")]
    public IList<BGPFilterRule>? ImportV4 { get; set; }

    /// <summary>IPv6 export rules, in order.</summary>
    [JsonPropertyName("exportV6")]
    public IList<BGPFilterRule>? ExportV6 { get; set; }

    /// <summary>IPv6 import rules, in order.</summary>
    [JsonPropertyName("importV6")]
    public IList<BGPFilterRule>? ImportV6 { get; set; }
}
