namespace Calico.Sdk.Resources;

/// <summary>The ownership of an IPAM block by a host.</summary>
public sealed class BlockAffinity : Resource<BlockAffinitySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "BlockAffinity";

    /// <summary>Creates an empty BlockAffinity.</summary>
    public BlockAffinity()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
