using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Calico node: the host's addresses, AS number and tunnel addresses.</summary>
public sealed class Node : Resource<NodeSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "Node";

    /// <summary>Creates an empty Node.</summary>
    public Node()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }

    /// <summary>The observed state, written by Calico components.</summary>
    [JsonPropertyName("status")]
    [JsonPropertyOrder(1)]
    public NodeStatus? Status { get; set; }
}
