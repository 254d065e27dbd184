using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy;

/// <summary>
/// The tiers Calico ensures at start-up: <c>kube-admin</c> (order 1000, Pass), <c>default</c> (order 1,000,000,
/// Deny) and <c>kube-baseline</c> (order 10,000,000, Pass). The engine, like Felix, ignores policies whose tier does
/// not exist, so a datastore (or a model) must contain these.
/// </summary>
public static class BuiltInTiers
{
    /// <summary>Creates fresh Tier resources for the three built-in tiers.</summary>
    /// <returns>kube-admin, default, kube-baseline.</returns>
    public static IReadOnlyList<Tier> Create() =>
    [
        Make("kube-admin", 1000, "Pass"),
        Make("default", 1_000_000, "Deny"),
        Make("kube-baseline", 10_000_000, "Pass"),
    ];

    private static Tier Make(string name, double order, string action)
    {
        var tier = new Tier();
        tier.Metadata.Name = name;
        tier.Spec.Order = order;
        tier.Spec.DefaultAction = action;
        return tier;
    }
}
