namespace Calico.Sdk.Resources;

/// <summary>A namespaced Calico network policy.</summary>
public sealed class NetworkPolicy : Resource<NetworkPolicySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "NetworkPolicy";

    /// <summary>Creates an empty NetworkPolicy.</summary>
    public NetworkPolicy()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
