namespace Calico.Sdk.Resources;

/// <summary>The global IPAM settings, a singleton named <c>default</c>.</summary>
public sealed class IPAMConfiguration : Resource<IPAMConfigurationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "IPAMConfiguration";

    /// <summary>Creates an empty IPAMConfiguration.</summary>
    public IPAMConfiguration()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
