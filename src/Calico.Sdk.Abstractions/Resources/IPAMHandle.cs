namespace Calico.Sdk.Resources;

/// <summary>An index of the allocations made under one handle id.</summary>
public sealed class IPAMHandle : Resource<IPAMHandleSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "IPAMHandle";

    /// <summary>Creates an empty IPAMHandle.</summary>
    public IPAMHandle()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
