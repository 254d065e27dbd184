namespace Calico.Sdk.Resources;

/// <summary>Rules and labels that endpoints inherit by reference; the fallback after every tier.</summary>
public sealed class Profile : Resource<ProfileSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "Profile";

    /// <summary>Creates an empty Profile.</summary>
    public Profile()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
