using System.Collections.Immutable;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.State;

/// <summary>
/// One IP set as it is (or will be) in the kernel: its kind and members. Immutable: a delta derives the next state
/// in O(changed members · log n), so a one-member change to a 10,000-member set copies nothing.
/// </summary>
internal sealed class SetState
{
    private SetState(IpSetKind kind, ImmutableHashSet<IpSetMember> members, int networks)
    {
        Kind = kind;
        Members = members;
        Networks = networks;
    }

    /// <summary>Creates the state of a set with <paramref name="members"/>.</summary>
    public SetState(IpSetKind kind, IEnumerable<IpSetMember> members)
        : this(kind, [.. members], 0)
    {
        Networks = kind == IpSetKind.Net ? Members.Count(m => !SetElements.IsHost(m.Network)) : 0;
    }

    /// <summary>The member type.</summary>
    public IpSetKind Kind { get; }

    /// <summary>The members.</summary>
    public ImmutableHashSet<IpSetMember> Members { get; }

    /// <summary>Whether some member is a CIDR wider than one host (an interval set, elements need overlap removal).</summary>
    public bool HasNetworks => Networks > 0;

    private int Networks { get; }

    /// <summary>The state after removing then adding members.</summary>
    /// <exception cref="InvalidOperationException">A removed member is absent or an added one present, naming it.</exception>
    public SetState With(string id, IEnumerable<IpSetMember> removed, IEnumerable<IpSetMember> added)
    {
        var builder = Members.ToBuilder();
        var networks = Networks;
        foreach (var member in removed)
        {
            if (!builder.Remove(member))
            {
                throw new InvalidOperationException($"IP set {id}: removing absent member {member}");
            }

            networks -= Kind == IpSetKind.Net && !SetElements.IsHost(member.Network) ? 1 : 0;
        }

        foreach (var member in added)
        {
            if (!builder.Add(member))
            {
                throw new InvalidOperationException($"IP set {id}: adding present member {member}");
            }

            networks += Kind == IpSetKind.Net && !SetElements.IsHost(member.Network) ? 1 : 0;
        }

        return new SetState(Kind, builder.ToImmutable(), networks);
    }
}
