using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.State;

/// <summary>One IP set of the policy state: its kind and members.</summary>
internal sealed class SetState(IpSetKind kind, IEnumerable<IpSetMember> members)
{
    /// <summary>The member type.</summary>
    public IpSetKind Kind { get; } = kind;

    /// <summary>The members.</summary>
    public HashSet<IpSetMember> Members { get; } = [.. members];

    /// <summary>A copy.</summary>
    public SetState Clone() => new(Kind, Members);
}
