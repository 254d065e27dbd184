namespace Calico.Sdk.Ipam;

/// <summary>The consistency report of <see cref="IIpam.CheckAsync"/>, as written by <c>calicoctl ipam check</c>.</summary>
/// <param name="Problems">Every inconsistency found.</param>
/// <param name="AllocatedAddresses">How many addresses the blocks say are in use.</param>
/// <param name="Blocks">How many blocks exist.</param>
/// <param name="Handles">How many handles exist.</param>
public sealed record IpamCheckReport(IReadOnlyList<IpamProblem> Problems, int AllocatedAddresses, int Blocks, int Handles)
{
    /// <summary>Whether no problem was found.</summary>
    public bool IsClean => Problems.Count == 0;
}
