namespace Calico.Sdk.Resources;

/// <summary>A workload's network interface (a pod's interface in Kubernetes).</summary>
public sealed class WorkloadEndpoint : Resource<WorkloadEndpointSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "WorkloadEndpoint";

    /// <summary>Creates an empty WorkloadEndpoint.</summary>
    public WorkloadEndpoint()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
