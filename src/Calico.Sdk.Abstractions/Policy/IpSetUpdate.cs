namespace Calico.Sdk.Policy;

/// <summary>
/// A change to one IP set. The first update for an id creates the set (with <paramref name="Added"/> as its
/// members); later ones change membership. Members are de-duplicated across contributors: a member is added once
/// when its first contributor appears and removed when its last one goes.
/// </summary>
/// <param name="Id">The set id: <c>s:</c> + selector unique id, or <c>n:</c> + named-port id.</param>
/// <param name="Kind">The member type.</param>
/// <param name="Added">Members to add, sorted.</param>
/// <param name="Removed">Members to remove, sorted.</param>
public sealed record IpSetUpdate(string Id, IpSetKind Kind, EquatableArray<IpSetMember> Added, EquatableArray<IpSetMember> Removed);
