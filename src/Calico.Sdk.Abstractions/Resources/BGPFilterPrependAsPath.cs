using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Prepends AS numbers to a route's AS path.</summary>
public sealed class BGPFilterPrependAsPath
{
    /// <summary>The AS numbers to prepend.</summary>
    [JsonPropertyName("prefix")]
    public IList<AsNumber>? Prefix { get; set; }
}
