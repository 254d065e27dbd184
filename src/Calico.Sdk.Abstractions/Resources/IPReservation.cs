namespace Calico.Sdk.Resources;

/// <summary>Addresses inside IP pools that IPAM must not allocate.</summary>
public sealed class IPReservation : Resource<IPReservationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "IPReservation";

    /// <summary>Creates an empty IPReservation.</summary>
    public IPReservation()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
