namespace Calico.Sdk.Resources;

/// <summary>A host interface (or all of a host) that policy applies to.</summary>
public sealed class HostEndpoint : Resource<HostEndpointSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "HostEndpoint";

    /// <summary>Creates an empty HostEndpoint.</summary>
    public HostEndpoint()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
