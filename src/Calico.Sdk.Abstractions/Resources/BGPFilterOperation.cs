using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>One route modification: exactly one field is set.</summary>
public sealed class BGPFilterOperation
{
    /// <summary>Add a community.</summary>
    [JsonPropertyName("addCommunity")]
    public BGPFilterAddCommunity? AddCommunity { get; set; }

    /// <summary>Prepend AS numbers.</summary>
    [JsonPropertyName("prependASPath")]
    public BGPFilterPrependAsPath? PrependAsPath { get; set; }

    /// <summary>Set the priority.</summary>
    [JsonPropertyName("setPriority")]
    public BGPFilterSetPriority? SetPriority { get; set; }
}
