using System.Globalization;
using System.Net;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>
/// Renders one <see cref="CompiledRule"/> as iptables rule specifications for one family. Criteria are ANDed in
/// one rule; what iptables cannot OR inside one rule (numeric ports vs each named-port set, ports without a
/// protocol, more than 15 ports) becomes consecutive rules with the same action, equivalent because the action
/// is the same whichever of them matches. Allow and Pass set a mark bit; one <c>RETURN</c> on that bit follows
/// the run of consecutive rules with the same action (<see cref="ChainRenderer.Policy"/>): a later rule of the run
/// only sets the same bit again, so returning after the run is returning at once, with half the rules.
/// </summary>
internal static class RuleRenderer
{
    /// <summary>The log prefix of Log rules.</summary>
    public const string LogPrefix = "calico-packet: ";

    private static readonly byte[] PortProtocols = [6, 17, 132];

    /// <summary>
    /// Appends the rule's specifications for <see cref="ChainBuilder.Family"/> (nothing when it cannot match there),
    /// without the <c>RETURN</c> an Allow or Pass needs (<see cref="Return"/>).
    /// </summary>
    /// <returns>Whether anything was appended.</returns>
    public static bool Render(CompiledRule rule, ChainBuilder chain)
    {
        var family = chain.Family;
        if (rule.NeverMatches || (rule.IpVersion is { } v && v != family)
            || (rule.Protocol == 1 && family == 6) || (rule.Protocol == 58 && family == 4)
            || !AllowsFamily(rule.Source, family) || !AllowsFamily(rule.Destination, family)
            || (rule.Protocol is { } p && rule.NotProtocol == p))
        {
            return false;
        }

        var action = Action(rule.Action);
        var addresses = Join(Addresses(rule.Source, chain, "-s", "src"), Addresses(rule.Destination, chain, "-d", "dst"));
        var icmp = Icmp(rule, family);
        var rendered = 0;
        foreach (var protocol in Protocols(rule))
        {
            var proto = protocol is { } number ? "-p " + ProtocolName(number, family)
                : rule.NotProtocol is { } not ? "! -p " + ProtocolName(not, family) : null;
            var portsAllowed = protocol is 6 or 17 or 132;
            foreach (var ports in PortAlternatives(rule, family, portsAllowed))
            {
                chain.Add(Join(proto, icmp, addresses, ports, action));
                rendered++;
            }
        }

        return rendered > 0;
    }

    /// <summary>The rule that ends a run of Allow or Pass rules once one of them matched, or null for other actions.</summary>
    public static string? Return(RuleAction action) => action switch
    {
        RuleAction.Allow => Marks.Accepted + " -j RETURN",
        RuleAction.Pass => Marks.Passed + " -j RETURN",
        _ => null,
    };

    // Positive nets restrict the family; everything else exists in both.
    private static bool AllowsFamily(EntityMatch m, int family) =>
        m.Nets.Count == 0 || m.Nets.AsSpan().ToArray().Any(n => SetElements.Family(n.BaseAddress) == family);

    /// <summary>The protocol of each rendered rule (null: any).</summary>
    private static IEnumerable<byte?> Protocols(CompiledRule rule)
    {
        if (rule.Protocol is { } p)
        {
            return [p];
        }

        var hasNumericPorts = rule.Source.Ports.Count > 0 || rule.Destination.Ports.Count > 0
            || rule.Source.NotPorts.Count > 0 || rule.Destination.NotPorts.Count > 0;
        if (!hasNumericPorts)
        {
            return [null];
        }

        // Numeric ports without a protocol: ports exist for TCP, UDP and SCTP (one rule each).
        return PortProtocols.Where(x => rule.NotProtocol != x).Select(x => (byte?)x);
    }

    private static string? Icmp(CompiledRule rule, int family)
    {
        var match = family == 4 ? "-m icmp" : "-m icmp6";
        var option = family == 4 ? "--icmp-type " : "--icmpv6-type ";
        var parts = new List<string>();
        if (rule.Icmp is { } i)
        {
            parts.Add(match + " " + option + IcmpText(i));
        }

        if (rule.NotIcmp is { } ni)
        {
            parts.Add(match + " ! " + option + IcmpText(ni));
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string IcmpText(IcmpMatch icmp) => icmp.Code is { } code
        ? string.Create(CultureInfo.InvariantCulture, $"{icmp.Type}/{code}")
        : icmp.Type.ToString(CultureInfo.InvariantCulture);

    private static string? Addresses(EntityMatch m, ChainBuilder chain, string flag, string direction)
    {
        var family = chain.Family;
        var parts = new List<string>();
        var nets = Of(m.Nets, family);
        var notNets = Of(m.NotNets, family);
        var usedFlag = false;
        if (nets.Count == 1 && nets[0].PrefixLength > 0)
        {
            parts.Add(flag + " " + nets[0]);
            usedFlag = true;
        }
        else if (nets.Count > 0)
        {
            parts.Add("-m set --match-set " + chain.CidrSet(nets) + " " + direction);
        }

        if (notNets.Count == 1 && !usedFlag && notNets[0].PrefixLength > 0)
        {
            parts.Add("! " + flag + " " + notNets[0]);
        }
        else if (notNets.Count > 0)
        {
            parts.Add("-m set ! --match-set " + chain.CidrSet(notNets) + " " + direction);
        }

        foreach (var set in m.IpSets)
        {
            parts.Add("-m set --match-set " + Names.Set(set, family) + " " + direction);
        }

        foreach (var set in m.NotIpSets)
        {
            parts.Add("-m set ! --match-set " + Names.Set(set, family) + " " + direction);
        }

        foreach (var set in m.NotNamedPortIpSets)
        {
            parts.Add("-m set ! --match-set " + Names.Set(set, family) + " " + direction + "," + direction);
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static List<IPNetwork> Of(EquatableArray<IPNetwork> nets, int family) =>
        [.. nets.AsSpan().ToArray().Where(n => SetElements.Family(n.BaseAddress) == family)];

    /// <summary>Each way the rule's port criteria can be met (one rule per entry).</summary>
    private static List<string?> PortAlternatives(CompiledRule rule, int family, bool portsAllowed)
    {
        var result = new List<string?>();
        var source = SideAlternatives(rule.Source, family, portsAllowed, "--sports", "src");
        var destination = SideAlternatives(rule.Destination, family, portsAllowed, "--dports", "dst");
        foreach (var s in source)
        {
            foreach (var d in destination)
            {
                result.Add(Join(s, d));
            }
        }

        return result;
    }

    private static List<string?> SideAlternatives(EntityMatch m, int family, bool portsAllowed, string option, string direction)
    {
        // A negated multiport list is ANDed: each chunk of at most 15 ports is its own match.
        var fixedPart = m.NotPorts.Count > 0
            ? string.Join(' ', Chunks(m.NotPorts).Select(c => "-m multiport ! " + option + " " + c))
            : null;
        var alternatives = new List<string?>();
        if (m.Ports.Count > 0 && portsAllowed)
        {
            alternatives.AddRange(Chunks(m.Ports).Select(c => Join("-m multiport " + option + " " + c, fixedPart)));
        }

        foreach (var set in m.NamedPortIpSets)
        {
            alternatives.Add(Join("-m set --match-set " + Names.Set(set, family) + " " + direction + "," + direction, fixedPart));
        }

        if (m.Ports.Count == 0 && m.NamedPortIpSets.Count == 0)
        {
            alternatives.Add(fixedPart);
        }

        return alternatives;
    }

    // multiport takes at most 15 ports, a range counting as two.
    private static IEnumerable<string> Chunks(EquatableArray<PortRange> ports)
    {
        var chunk = new List<string>();
        var slots = 0;
        foreach (var range in ports.AsSpan().ToArray().Distinct().OrderBy(r => r.First).ThenBy(r => r.Last))
        {
            var cost = range.First == range.Last ? 1 : 2;
            if (slots + cost > 15)
            {
                yield return string.Join(',', chunk);
                chunk.Clear();
                slots = 0;
            }

            chunk.Add(range.ToString());
            slots += cost;
        }

        if (chunk.Count > 0)
        {
            yield return string.Join(',', chunk);
        }
    }

    private static string ProtocolName(byte protocol, int family) => protocol switch
    {
        6 => "tcp",
        17 => "udp",
        132 => "sctp",
        1 => "icmp",
        58 => family == 6 ? "ipv6-icmp" : "58",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };

    private static string Action(RuleAction action) => action switch
    {
        RuleAction.Allow => Marks.SetAccept,
        RuleAction.Pass => Marks.SetPass,
        RuleAction.Deny => "-j DROP",
        RuleAction.Log => "-j LOG --log-prefix \"" + LogPrefix + "\"",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown rule action"),
    };

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
}
