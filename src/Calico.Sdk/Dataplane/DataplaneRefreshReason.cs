namespace Calico.Sdk.Dataplane;

/// <summary>Why <see cref="DataplaneRefreshLoop"/> asks the dataplane for a full reconcile.</summary>
public enum DataplaneRefreshReason
{
    /// <summary>An apply failed: reconcile to the state it was applying (the back-off retry).</summary>
    Retry,

    /// <summary>The kernel state's hash changed without a commit (tampering): reconcile to the committed state.</summary>
    Drift,
}
