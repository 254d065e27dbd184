using System.Globalization;
using System.Net;
using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Renders one <see cref="CompiledRule"/> as nft rule bodies. Criteria are ANDed in one rule; alternatives that
/// nft cannot OR inside one rule (numeric ports vs each named-port set, IPv4 vs IPv6 sets) become consecutive
/// rules with the same action, which is equivalent because the first match wins.
/// </summary>
internal static class RuleRenderer
{
    /// <summary>The log prefix of Log rules.</summary>
    public const string LogPrefix = "calico-packet: ";

    private static readonly int[] BothFamilies = [4, 6];

    /// <summary>Appends the rule's nft bodies to <paramref name="output"/> (nothing for a never-matching rule).</summary>
    public static void Render(CompiledRule rule, List<string> output)
    {
        if (rule.NeverMatches)
        {
            return;
        }

        var action = Action(rule.Action);
        var families = Families(rule);
        if (families is null)
        {
            // No address criteria: one rule, family-neutral unless the rule names a version.
            var prefix = rule.IpVersion is { } v ? "meta nfproto ipv" + v.ToString(CultureInfo.InvariantCulture) : null;
            foreach (var ports in PortAlternatives(rule, 0))
            {
                output.Add(Join(prefix, Protocol(rule), ports, action));
            }

            return;
        }

        foreach (var family in families)
        {
            var addresses = Join(Addresses(rule.Source, family, "saddr"), Addresses(rule.Destination, family, "daddr"));
            foreach (var ports in PortAlternatives(rule, family))
            {
                output.Add(Join(family == 4 ? "meta nfproto ipv4" : "meta nfproto ipv6", Protocol(rule), addresses, ports, action));
            }
        }
    }

    /// <summary>The families to render for, or null when the rule has no address criteria.</summary>
    private static int[]? Families(CompiledRule rule)
    {
        if (!HasAddresses(rule.Source) && !HasAddresses(rule.Destination))
        {
            return null;
        }

        return [.. BothFamilies.Where(f =>
            (rule.IpVersion is null || rule.IpVersion == f)
            && !(rule.Protocol == 1 && f == 6) && !(rule.Protocol == 58 && f == 4)
            && AllowsFamily(rule.Source, f) && AllowsFamily(rule.Destination, f))];
    }

    private static bool HasAddresses(EntityMatch m) => m.Nets.Count > 0 || m.NotNets.Count > 0 || m.IpSets.Count > 0
        || m.NotIpSets.Count > 0 || m.NamedPortIpSets.Count > 0 || m.NotNamedPortIpSets.Count > 0;

    // Positive nets restrict the family; everything else exists in both.
    private static bool AllowsFamily(EntityMatch m, int family) =>
        m.Nets.Count == 0 || m.Nets.AsSpan().ToArray().Any(n => SetElements.Family(n.BaseAddress) == family);

    private static string? Addresses(EntityMatch m, int family, string field)
    {
        var ip = family == 4 ? "ip " : "ip6 ";
        var parts = new List<string>();
        var nets = Of(m.Nets, family);
        if (nets.Count > 0)
        {
            parts.Add(ip + field + " " + SetElements.AnonymousSet(nets, family));
        }

        var notNets = Of(m.NotNets, family);
        if (notNets.Count > 0)
        {
            parts.Add(ip + field + " != " + SetElements.AnonymousSet(notNets, family));
        }

        foreach (var set in m.IpSets)
        {
            parts.Add(ip + field + " @" + NftNames.Set(set, family));
        }

        foreach (var set in m.NotIpSets)
        {
            parts.Add(ip + field + " != @" + NftNames.Set(set, family));
        }

        var port = field == "saddr" ? "sport" : "dport";
        foreach (var set in m.NotNamedPortIpSets)
        {
            parts.Add(ip + field + " . meta l4proto . th " + port + " != @" + NftNames.Set(set, family));
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static List<IPNetwork> Of(EquatableArray<IPNetwork> nets, int family) =>
        [.. nets.AsSpan().ToArray().Where(n => SetElements.Family(n.BaseAddress) == family)];

    private static string? Protocol(CompiledRule rule)
    {
        var parts = new List<string>();
        if (rule.Protocol is { } p)
        {
            parts.Add("meta l4proto " + p.ToString(CultureInfo.InvariantCulture));
        }
        else if (NeedsPortProtocol(rule))
        {
            // Numeric ports without a protocol (only named ports may omit it): ports exist for these three.
            parts.Add("meta l4proto { 6, 17, 132 }");
        }

        if (rule.NotProtocol is { } np)
        {
            parts.Add("meta l4proto != " + np.ToString(CultureInfo.InvariantCulture));
        }

        var icmp = rule.Protocol == 58 ? "icmpv6" : "icmp";
        if (rule.Icmp is { } i)
        {
            parts.Add(icmp + " type " + i.Type.ToString(CultureInfo.InvariantCulture));
            if (i.Code is { } code)
            {
                parts.Add(icmp + " code " + code.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (rule.NotIcmp is { } ni)
        {
            parts.Add(ni.Code is { } code
                ? string.Create(CultureInfo.InvariantCulture, $"{icmp} type . {icmp} code != {{ {ni.Type} . {code} }}")
                : icmp + " type != " + ni.Type.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static bool NeedsPortProtocol(CompiledRule rule) =>
        rule.Source.Ports.Count > 0 || rule.Destination.Ports.Count > 0
        || rule.Source.NotPorts.Count > 0 || rule.Destination.NotPorts.Count > 0;

    /// <summary>Each way the rule's port criteria can be met (one rule body per entry).</summary>
    private static List<string?> PortAlternatives(CompiledRule rule, int family)
    {
        var source = SideAlternatives(rule.Source, family, "saddr", "sport");
        var destination = SideAlternatives(rule.Destination, family, "daddr", "dport");
        var result = new List<string?>();
        foreach (var s in source)
        {
            foreach (var d in destination)
            {
                result.Add(Join(s, d));
            }
        }

        return result;
    }

    private static List<string?> SideAlternatives(EntityMatch m, int family, string addressField, string portField)
    {
        var fixedPart = m.NotPorts.Count > 0 ? "th " + portField + " != " + PortSet(m.NotPorts) : null;
        var alternatives = new List<string?>();
        if (m.Ports.Count > 0)
        {
            alternatives.Add(Join("th " + portField + " " + PortSet(m.Ports), fixedPart));
        }

        if (family != 0)
        {
            var ip = family == 4 ? "ip " : "ip6 ";
            foreach (var set in m.NamedPortIpSets)
            {
                alternatives.Add(Join(ip + addressField + " . meta l4proto . th " + portField + " @" + NftNames.Set(set, family), fixedPart));
            }
        }

        if (alternatives.Count == 0)
        {
            alternatives.Add(fixedPart);
        }

        return alternatives;
    }

    private static string PortSet(EquatableArray<PortRange> ports)
    {
        var items = Merge(ports).Select(p => p.First == p.Last
            ? p.First.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{p.First}-{p.Last}")).ToList();
        return items.Count == 1 ? items[0] : "{ " + string.Join(", ", items) + " }";
    }

    // nft rejects overlapping intervals in an anonymous set: merge them first.
    private static List<PortRange> Merge(EquatableArray<PortRange> ports)
    {
        var sorted = ports.AsSpan().ToArray().OrderBy(p => p.First).ThenBy(p => p.Last).ToList();
        var merged = new List<PortRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last)
            {
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, range.Last) };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static string Action(RuleAction action) => action switch
    {
        RuleAction.Allow => "meta mark set meta mark | " + Marks.Accept + " return",
        RuleAction.Pass => "meta mark set meta mark | " + Marks.Pass + " return",
        RuleAction.Deny => "drop",
        RuleAction.Log => "log prefix " + NftNames.Quote(LogPrefix),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown rule action"),
    };

    private static string Join(params string?[] parts) => string.Join(' ', parts.Where(p => !string.IsNullOrEmpty(p)));
}
