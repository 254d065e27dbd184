namespace Calico.Sdk.Resources;

/// <summary>An IPAM allocation block: the unit of allocation, compare-and-swap and routing.</summary>
public sealed class IPAMBlock : Resource<IPAMBlockSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "IPAMBlock";

    /// <summary>Creates an empty IPAMBlock.</summary>
    public IPAMBlock()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
