namespace Calico.Sdk.Policy;

/// <summary>
/// Identifies a policy or profile: kind, namespace (null for cluster-scoped kinds) and name. Its
/// <see cref="ToString"/> is Felix's policy id, <c>&lt;kind-short&gt;/&lt;ns&gt;/&lt;name&gt;</c> or
/// <c>&lt;kind-short&gt;/&lt;name&gt;</c> (e.g. <c>gnp/allow-dns</c>), usable as a chain-name suffix.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Namespace">The namespace, or null for GlobalNetworkPolicy, StagedGlobalNetworkPolicy and Profile.</param>
/// <param name="Name">The name as stored (Kubernetes policies: <c>knp.default.&lt;name&gt;</c>).</param>
public readonly record struct PolicyId(PolicyKind Kind, string? Namespace, string Name) : IComparable<PolicyId>
{
    /// <summary>Whether the kind is staged (evaluated for accounting, never enforced).</summary>
    public bool IsStaged => Kind is PolicyKind.StagedNetworkPolicy or PolicyKind.StagedGlobalNetworkPolicy;

    /// <summary>Felix's short kind name: np, gnp, snp, sgnp, knp or pro.</summary>
    public string KindShortName => Kind switch
    {
        PolicyKind.NetworkPolicy => "np",
        PolicyKind.GlobalNetworkPolicy => "gnp",
        PolicyKind.StagedNetworkPolicy => "snp",
        PolicyKind.StagedGlobalNetworkPolicy => "sgnp",
        PolicyKind.KubernetesNetworkPolicy => "knp",
        _ => "pro",
    };

    /// <summary>The string policies with equal order are sorted by (byte-wise): <c>name/namespace/kind</c>.</summary>
    public string SortKey => Name + "/" + Namespace + "/" + KindShortName;

    /// <summary>Orders ids by <see cref="SortKey"/>, ordinal.</summary>
    /// <param name="other">The other id.</param>
    /// <returns>The comparison.</returns>
    public int CompareTo(PolicyId other) => string.CompareOrdinal(SortKey, other.SortKey);

    /// <summary>Felix's id text, e.g. <c>np/default/allow-web</c>.</summary>
    /// <returns>The id text.</returns>
    public override string ToString() =>
        Namespace is null ? KindShortName + "/" + Name : KindShortName + "/" + Namespace + "/" + Name;
}
