namespace Calico.Sdk.Ipam;

/// <summary>The states of a BlockAffinity and the affinity string of a block.</summary>
internal static class AffinityStates
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string PendingDeletion = "pendingDeletion";

    /// <summary>The block affinity value for a host: <c>host:&lt;node&gt;</c>.</summary>
    public static string Host(string node) => "host:" + node;
}
