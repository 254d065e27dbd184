namespace Calico.Sdk.Resources;

/// <summary>An ordered group of policies; evaluated in <see cref="TierSpec.Order"/> order.</summary>
public sealed class Tier : Resource<TierSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "Tier";

    /// <summary>Creates an empty Tier.</summary>
    public Tier()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
