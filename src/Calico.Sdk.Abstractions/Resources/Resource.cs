using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// Base of every resource in the model: the <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> envelope
/// that calicoctl reads and writes. Concrete kinds derive from <see cref="Resource{TSpec}"/>.
/// </summary>
/// <remarks>
/// JSON members are written in the order Calico's Go types declare them (<c>kind</c> before <c>apiVersion</c>, as
/// Kubernetes' TypeMeta does); YAML output sorts keys instead, as calicoctl does.
/// Resources are plain mutable objects so that they bind to JSON and YAML without reflection
/// (System.Text.Json source generation). Treat an instance returned by a datastore as owned by the caller:
/// datastores never hand out shared instances.
/// </remarks>
public abstract class Resource
{
    /// <summary>Creates a resource with the given envelope.</summary>
    /// <param name="apiVersion">The group/version, e.g. <c>projectcalico.org/v3</c>.</param>
    /// <param name="kind">The kind, e.g. <c>IPPool</c>.</param>
    protected Resource(string apiVersion, string kind)
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    /// <summary>The group/version, e.g. <c>projectcalico.org/v3</c>.</summary>
    [JsonPropertyName("apiVersion")]
    [JsonPropertyOrder(-2)]
    public string ApiVersion { get; set; }

    /// <summary>The kind, e.g. <c>IPPool</c>.</summary>
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-3)]
    public string Kind { get; set; }

    /// <summary>Name, namespace, labels, revision and the other standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();
}
