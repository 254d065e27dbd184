using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A resource whose desired state is a <typeparamref name="TSpec"/>.</summary>
/// <typeparam name="TSpec">The spec type of the kind.</typeparam>
public abstract class Resource<TSpec> : Resource
    where TSpec : class, new()
{
    /// <summary>Creates a resource with the given envelope and an empty spec.</summary>
    /// <param name="apiVersion">The group/version.</param>
    /// <param name="kind">The kind.</param>
    protected Resource(string apiVersion, string kind)
        : base(apiVersion, kind)
    {
    }

    /// <summary>The desired state.</summary>
    [JsonPropertyName("spec")]
    public TSpec Spec { get; set; } = new();
}
