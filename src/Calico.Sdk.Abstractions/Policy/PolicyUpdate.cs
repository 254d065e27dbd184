using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy;

/// <summary>One input to the policy engine: the new state of an object, or its deletion.</summary>
/// <param name="Kind">The object's kind.</param>
/// <param name="Namespace">The namespace, or null for cluster-scoped kinds.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Resource">The object's new state, or null when it was deleted.</param>
public sealed record PolicyUpdate(PolicyInputKind Kind, string? Namespace, string Name, Resource? Resource)
{
    /// <summary>Whether this is a deletion.</summary>
    public bool IsDelete => Resource is null;

    /// <summary>An upsert; kind, namespace and name are taken from the resource.</summary>
    /// <param name="resource">
    /// A WorkloadEndpoint, HostEndpoint, NetworkPolicy, GlobalNetworkPolicy, StagedNetworkPolicy,
    /// StagedGlobalNetworkPolicy, KubernetesNetworkPolicy, Tier, Profile, NetworkSet or GlobalNetworkSet.
    /// The engine copies what it needs; the caller may reuse the object afterwards.
    /// </param>
    /// <returns>The update.</returns>
    /// <exception cref="ArgumentException">The resource is of another kind or has no name.</exception>
    public static PolicyUpdate Upsert(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var kind = resource switch
        {
            WorkloadEndpoint => PolicyInputKind.WorkloadEndpoint,
            HostEndpoint => PolicyInputKind.HostEndpoint,
            NetworkPolicy => PolicyInputKind.NetworkPolicy,
            GlobalNetworkPolicy => PolicyInputKind.GlobalNetworkPolicy,
            StagedNetworkPolicy => PolicyInputKind.StagedNetworkPolicy,
            StagedGlobalNetworkPolicy => PolicyInputKind.StagedGlobalNetworkPolicy,
            KubernetesNetworkPolicy => PolicyInputKind.KubernetesNetworkPolicy,
            Tier => PolicyInputKind.Tier,
            Profile => PolicyInputKind.Profile,
            NetworkSet => PolicyInputKind.NetworkSet,
            GlobalNetworkSet => PolicyInputKind.GlobalNetworkSet,
            _ => throw new ArgumentException(
                $"the policy engine does not consume {resource.ApiVersion} {resource.Kind}", nameof(resource)),
        };
        var name = resource.Metadata.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{resource.Kind} has no metadata.name", nameof(resource));
        }

        return new PolicyUpdate(kind, resource.Metadata.Namespace, name, resource);
    }

    /// <summary>A deletion.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="namespace">The namespace, or null for cluster-scoped kinds.</param>
    /// <param name="name">The name.</param>
    /// <returns>The update.</returns>
    public static PolicyUpdate Delete(PolicyInputKind kind, string? @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new PolicyUpdate(kind, @namespace, name, null);
    }

    /// <summary><c>upsert NetworkPolicy ns/name</c> or <c>delete Tier name</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{(IsDelete ? "delete" : "upsert")} {Kind} {(Namespace is null ? Name : Namespace + "/" + Name)}";
}
