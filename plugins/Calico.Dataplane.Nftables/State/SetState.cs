using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.State;

/// <summary>One IP set as it is (or will be) in the kernel: its kind and members.</summary>
internal sealed class SetState(IpSetKind kind, IEnumerable<IpSetMember> members)
{
    /// <summary>The member type.</summary>
    public IpSetKind Kind { get; } = kind;

    /// <summary>The members.</summary>
    public HashSet<IpSetMember> Members { get; } = [.. members];

    /// <summary>Whether some member is a CIDR wider than one host (elements then need overlap removal).</summary>
    public bool HasNetworks => Kind == IpSetKind.Net && Members.Any(m => !SetElements.IsHost(m.Network));

    /// <summary>A copy.</summary>
    public SetState Clone() => new(Kind, Members);
}
