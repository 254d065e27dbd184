namespace Calico.Sdk.Resources;

/// <summary>
/// A list of resources as calicoctl reads and writes it: <c>apiVersion: v1, kind: List</c> for mixed kinds, or
/// <c>apiVersion: projectcalico.org/v3, kind: &lt;Kind&gt;List</c> for one kind.
/// </summary>
public sealed class ResourceList
{
    /// <summary>The apiVersion of a generic list.</summary>
    public const string GenericApiVersion = "v1";

    /// <summary>The kind of a generic list.</summary>
    public const string GenericKind = "List";

    /// <summary>Creates a list.</summary>
    /// <param name="apiVersion">The list's apiVersion.</param>
    /// <param name="kind">The list's kind, <c>List</c> or <c>&lt;Kind&gt;List</c>.</param>
    /// <param name="items">The items.</param>
    public ResourceList(string apiVersion, string kind, IEnumerable<Resource> items)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(items);
        ApiVersion = apiVersion;
        Kind = kind;
        Items = [.. items];
    }

    /// <summary>The list's apiVersion.</summary>
    public string ApiVersion { get; }

    /// <summary>The list's kind.</summary>
    public string Kind { get; }

    /// <summary>The revision of the listed collection, when known.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>The items, in order.</summary>
    public IList<Resource> Items { get; }

    /// <summary>A typed list (<c>&lt;Kind&gt;List</c>) of one kind.</summary>
    /// <param name="kind">The kind of every item.</param>
    /// <param name="items">The items.</param>
    /// <returns>The list.</returns>
    public static ResourceList Of(ResourceKind kind, IEnumerable<Resource> items)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new ResourceList(kind.ApiVersion, kind.Kind + "List", items);
    }

    /// <summary>A generic list (<c>v1 List</c>) of any kinds.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The list.</returns>
    public static ResourceList Generic(IEnumerable<Resource> items) => new(GenericApiVersion, GenericKind, items);
}
