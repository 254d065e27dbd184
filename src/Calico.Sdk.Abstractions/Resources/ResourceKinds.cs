using Calico.Sdk.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The catalogue of every resource kind the SDK knows.</summary>
public static class ResourceKinds
{
    /// <summary>ClusterInformation (cluster-scoped singleton <c>default</c>).</summary>
    public static readonly ResourceKind ClusterInformation = new(ApiGroups.ProjectCalicoV3, Resources.ClusterInformation.KindName, "clusterinformations", false, CalicoJsonContext.Default.ClusterInformation, "clusterinfo");

    /// <summary>Tier (cluster-scoped).</summary>
    public static readonly ResourceKind Tier = new(ApiGroups.ProjectCalicoV3, Resources.Tier.KindName, "tiers", false, CalicoJsonContext.Default.Tier, "tier");

    /// <summary>Every known kind, in a stable order.</summary>
    public static IReadOnlyList<ResourceKind> All { get; } = [ClusterInformation, Tier];

    /// <summary>Finds a kind by kind name, plural or short name (case-insensitive).</summary>
    /// <param name="name">The name to look up.</param>
    /// <returns>The kind, or <see langword="null"/> when none matches.</returns>
    public static ResourceKind? Find(string name)
    {
        foreach (var kind in All)
        {
            if (kind.Matches(name))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Finds a kind by its exact kind name and api version, as read from a document.</summary>
    /// <param name="apiVersion">The document's apiVersion.</param>
    /// <param name="kind">The document's kind.</param>
    /// <returns>The kind, or <see langword="null"/> when none matches.</returns>
    public static ResourceKind? Find(string apiVersion, string kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Kind, kind, StringComparison.Ordinal) && string.Equals(k.ApiVersion, apiVersion, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }
}
