namespace Calico.Sdk.Policy;

/// <summary>An IP set with its full, sorted membership (used in snapshots).</summary>
/// <param name="Id">The set id.</param>
/// <param name="Kind">The member type.</param>
/// <param name="Members">The members, sorted.</param>
public sealed record IpSet(string Id, IpSetKind Kind, EquatableArray<IpSetMember> Members);
