using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// Standard object metadata, with the field names Kubernetes and calicoctl use.
/// </summary>
public sealed class ObjectMeta
{
    /// <summary>The resource name; a DNS-1123 subdomain for most kinds.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>A prefix from which the server generates a unique name when <see cref="Name"/> is empty.</summary>
    [JsonPropertyName("generateName")]
    public string? GenerateName { get; set; }

    /// <summary>The namespace of a namespaced kind; <see langword="null"/> for cluster-scoped kinds.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>A unique id assigned by the datastore when the resource is created.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>
    /// The opaque revision of this object, assigned by the datastore on every write. Every update and delete is a
    /// compare-and-swap against it. Callers must not parse it.
    /// </summary>
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    /// <summary>A sequence number of changes to the desired state, assigned by the server.</summary>
    [JsonPropertyName("generation")]
    public long? Generation { get; set; }

    /// <summary>When the resource was created, in RFC 3339 form (UTC), assigned by the datastore.</summary>
    [JsonPropertyName("creationTimestamp")]
    public string? CreationTimestamp { get; set; }

    /// <summary>When a graceful deletion was requested (RFC 3339, UTC); set by the server.</summary>
    [JsonPropertyName("deletionTimestamp")]
    public string? DeletionTimestamp { get; set; }

    /// <summary>Seconds allowed for graceful termination before the object is removed.</summary>
    [JsonPropertyName("deletionGracePeriodSeconds")]
    public long? DeletionGracePeriodSeconds { get; set; }

    /// <summary>Labels, usable in selectors.</summary>
    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>Free-form annotations.</summary>
    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }

    /// <summary>Objects this one depends on; it is garbage collected when they go.</summary>
    [JsonPropertyName("ownerReferences")]
    public IList<OwnerReference>? OwnerReferences { get; set; }

    /// <summary>Finalizers that must be removed before the object is deleted.</summary>
    [JsonPropertyName("finalizers")]
    public IList<string>? Finalizers { get; set; }
}
