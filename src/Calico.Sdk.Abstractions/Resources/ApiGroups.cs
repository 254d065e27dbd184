namespace Calico.Sdk.Resources;

/// <summary>The API group/versions of the resource model.</summary>
public static class ApiGroups
{
    /// <summary>Calico's resources: <c>projectcalico.org/v3</c>.</summary>
    public const string ProjectCalicoV3 = "projectcalico.org/v3";

    /// <summary>Kubernetes network policy: <c>networking.k8s.io/v1</c>.</summary>
    public const string NetworkingK8sV1 = "networking.k8s.io/v1";
}
