namespace Calico.Sdk.Policy;

/// <summary>Identifies a workload endpoint (namespace + name) or a host endpoint (name; namespace null).</summary>
/// <param name="Kind">Workload or host.</param>
/// <param name="Namespace">The WorkloadEndpoint's namespace; null for host endpoints.</param>
/// <param name="Name">The resource name.</param>
public readonly record struct EndpointId(EndpointKind Kind, string? Namespace, string Name) : IComparable<EndpointId>
{
    /// <summary>A workload endpoint id.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="name">The WorkloadEndpoint name.</param>
    /// <returns>The id.</returns>
    public static EndpointId Workload(string @namespace, string name) => new(EndpointKind.Workload, @namespace, name);

    /// <summary>A host endpoint id.</summary>
    /// <param name="name">The HostEndpoint name.</param>
    /// <returns>The id.</returns>
    public static EndpointId Host(string name) => new(EndpointKind.Host, null, name);

    /// <summary>Orders by kind, namespace, then name (ordinal).</summary>
    /// <param name="other">The other id.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(EndpointId other)
    {
        var c = Kind.CompareTo(other.Kind);
        if (c == 0)
        {
            c = string.CompareOrdinal(Namespace, other.Namespace);
        }

        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary><c>wep/&lt;ns&gt;/&lt;name&gt;</c> or <c>hep/&lt;name&gt;</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind == EndpointKind.Workload ? $"wep/{Namespace}/{Name}" : $"hep/{Name}";
}
