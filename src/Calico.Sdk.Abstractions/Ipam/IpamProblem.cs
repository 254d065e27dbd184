namespace Calico.Sdk.Ipam;

/// <summary>One IPAM inconsistency.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Subject">What it concerns: an address, block CIDR, handle id or affinity.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record IpamProblem(IpamProblemKind Kind, string Subject, string Detail);
