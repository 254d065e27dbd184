using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The status of <see cref="IPPool"/>, written by kube-controllers.</summary>
public sealed class IPPoolStatus
{
    /// <summary>The pool's conditions, e.g. <c>Allocatable</c>.</summary>
    [JsonPropertyName("conditions")]
    public IList<Condition>? Conditions { get; set; }
}
