using System.Collections.Immutable;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.State;

/// <summary>
/// One IP set of the policy state: its kind and members. Never modified: a delta makes a new instance in
/// O(changed members · log n), sharing the rest with the committed one (no copy of a 10,000-member set). A
/// snapshot's set is a plain hash set (fast to build); the first delta of a set turns it into an immutable one.
/// </summary>
internal sealed class SetState
{
    /// <summary>Creates a set.</summary>
    public SetState(IpSetKind kind, IEnumerable<IpSetMember> members)
        : this(kind, (IReadOnlySet<IpSetMember>)members.ToHashSet())
    {
    }

    private SetState(IpSetKind kind, IReadOnlySet<IpSetMember> members)
    {
        Kind = kind;
        Members = members;
    }

    /// <summary>The member type.</summary>
    public IpSetKind Kind { get; }

    /// <summary>The members.</summary>
    public IReadOnlySet<IpSetMember> Members { get; }

    /// <summary>This set with <paramref name="removed"/> taken out and <paramref name="added"/> put in.</summary>
    /// <exception cref="InvalidOperationException">A removed member is absent or an added one present (names the set).</exception>
    public SetState With(string id, IEnumerable<IpSetMember> removed, IEnumerable<IpSetMember> added)
    {
        var members = (Members as ImmutableHashSet<IpSetMember> ?? [.. Members]).ToBuilder();
        foreach (var member in removed)
        {
            if (!members.Remove(member))
            {
                throw new InvalidOperationException($"IP set {id}: removing absent member {member}");
            }
        }

        foreach (var member in added)
        {
            if (!members.Add(member))
            {
                throw new InvalidOperationException($"IP set {id}: adding present member {member}");
            }
        }

        return new SetState(Kind, members.ToImmutable());
    }
}
