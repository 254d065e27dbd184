namespace Calico.Sdk.Resources;

/// <summary>A BGP peering.</summary>
public sealed class BGPPeer : Resource<BGPPeerSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "BGPPeer";

    /// <summary>Creates an empty BGPPeer.</summary>
    public BGPPeer()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
