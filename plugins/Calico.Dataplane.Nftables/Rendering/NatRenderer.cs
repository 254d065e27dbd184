using Calico.Dataplane.Nftables.State;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// NAT outgoing: a postrouting chain at source-NAT priority masquerading traffic from <c>natOutgoing</c> pools to
/// destinations outside every pool (Felix's <c>cali-nat-outgoing</c>), fed by four interval sets.
/// </summary>
internal static class NatRenderer
{
    private static readonly int[] Families = [4, 6];

    /// <summary>The sets, the chain and its rules, with the pools of <paramref name="nat"/>.</summary>
    public static void Fixed(Script script, NatState nat)
    {
        foreach (var family in Families)
        {
            var type = family == 4 ? "ipv4_addr" : "ipv6_addr";
            script.Add("add", "set", MasqueradeSet(family) + " { type " + type + "; flags interval; }");
            script.Add("add", "set", AllPoolsSet(family) + " { type " + type + "; flags interval; }");
        }

        Elements(script, nat);
        script.Add("add", "chain", NftNames.NatOutgoing + " { type nat hook postrouting priority srcnat; policy accept; }");
        script.Add("add", "rule", NftNames.NatOutgoing + " ip saddr @" + MasqueradeSet(4) + " ip daddr != @" + AllPoolsSet(4) + " masquerade fully-random");
        script.Add("add", "rule", NftNames.NatOutgoing + " ip6 saddr @" + MasqueradeSet(6) + " ip6 daddr != @" + AllPoolsSet(6) + " masquerade fully-random");
    }

    /// <summary>Replaces the set contents (one transaction with the flushes, so no packet sees empty sets).</summary>
    public static void Replace(Script script, NatState nat)
    {
        foreach (var family in Families)
        {
            script.Add("flush", "set", MasqueradeSet(family));
            script.Add("flush", "set", AllPoolsSet(family));
        }

        Elements(script, nat);
    }

    private static void Elements(Script script, NatState nat)
    {
        foreach (var family in Families)
        {
            script.Elements("add", MasqueradeSet(family), Effective(nat.Masquerade, family));
            script.Elements("add", AllPoolsSet(family), Effective(nat.All, family));
        }
    }

    // Interval sets reject overlaps: nested pools are written once, as the covering CIDR.
    private static string[] Effective(IReadOnlyList<System.Net.IPNetwork> networks, int family) =>
        [.. SetElements.Effective(networks.Select(n => new IpSetMember(n)), family).Select(SetElements.Format)];

    private static string MasqueradeSet(int family) => family == 4 ? "nat-pools4" : "nat-pools6";

    private static string AllPoolsSet(int family) => family == 4 ? "all-pools4" : "all-pools6";
}
