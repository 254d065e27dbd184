using System.Net;
using System.Text;

namespace Calico.Sdk.Policy;

/// <summary>
/// The compiled match on one side (source or destination) of a rule. Every non-empty criterion must hold:
/// the address is in one of <see cref="Nets"/> and none of <see cref="NotNets"/>; it is a member of EVERY set in
/// <see cref="IpSets"/> and of NONE in <see cref="NotIpSets"/>; the port is in one of <see cref="Ports"/> OR its
/// (address, protocol, port) is in one of <see cref="NamedPortIpSets"/> (when either list is non-empty); the port
/// is in none of <see cref="NotPorts"/> and the (address, protocol, port) in none of <see cref="NotNamedPortIpSets"/>.
/// </summary>
public sealed record EntityMatch
{
    /// <summary>Matches anything.</summary>
    public static EntityMatch Any { get; } = new();

    /// <summary>CIDRs the address must be in (any of them).</summary>
    public EquatableArray<IPNetwork> Nets { get; init; }

    /// <summary>CIDRs the address must not be in.</summary>
    public EquatableArray<IPNetwork> NotNets { get; init; }

    /// <summary>Selector IP set ids (<c>s:…</c>) the address must be a member of (all of them).</summary>
    public EquatableArray<string> IpSets { get; init; }

    /// <summary>Selector IP set ids the address must not be a member of.</summary>
    public EquatableArray<string> NotIpSets { get; init; }

    /// <summary>Numeric ports and ranges (any of them, or any named-port set).</summary>
    public EquatableArray<PortRange> Ports { get; init; }

    /// <summary>Named-port IP set ids (<c>n:…</c>, members are address+protocol+port).</summary>
    public EquatableArray<string> NamedPortIpSets { get; init; }

    /// <summary>Ports that must not match.</summary>
    public EquatableArray<PortRange> NotPorts { get; init; }

    /// <summary>Named-port IP sets that must not match.</summary>
    public EquatableArray<string> NotNamedPortIpSets { get; init; }

    /// <summary>Whether no criterion is set.</summary>
    public bool IsAny => Nets.Count == 0 && NotNets.Count == 0 && IpSets.Count == 0 && NotIpSets.Count == 0
        && Ports.Count == 0 && NamedPortIpSets.Count == 0 && NotPorts.Count == 0 && NotNamedPortIpSets.Count == 0;

    /// <summary>A compact description, e.g. <c>nets=[10.0.0.0/8] sets=[s:abc]</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, "nets", Nets);
        Append(sb, "!nets", NotNets);
        Append(sb, "sets", IpSets);
        Append(sb, "!sets", NotIpSets);
        Append(sb, "ports", Ports);
        Append(sb, "named", NamedPortIpSets);
        Append(sb, "!ports", NotPorts);
        Append(sb, "!named", NotNamedPortIpSets);
        return sb.Length == 0 ? "any" : sb.ToString();
    }

    private static void Append<T>(StringBuilder sb, string name, EquatableArray<T> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append(' ');
        }

        sb.Append(name).Append('=').Append(values.ToString());
    }
}
