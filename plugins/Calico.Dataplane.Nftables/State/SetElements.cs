using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Nftables.State;

/// <summary>
/// Turns IP set members into nft set elements. An nft interval set rejects overlapping intervals, while an IP
/// set may hold nested CIDRs (a network set's /16 and a pod's /32 inside it): the elements are the members not
/// covered by another member, which matches exactly the same addresses.
/// </summary>
internal static class SetElements
{
    /// <summary>The family (4 or 6) of an address.</summary>
    public static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;

    /// <summary>Whether the network is a single host address.</summary>
    public static bool IsHost(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32);

    /// <summary>
    /// The minimal element list of one family for a <see cref="IpSetKind.Net"/> set: members not contained in
    /// another member, sorted.
    /// </summary>
    public static List<IpSetMember> Effective(IEnumerable<IpSetMember> members, int family)
    {
        var sorted = members.Where(m => Family(m.Network.BaseAddress) == family).ToList();
        sorted.Sort();
        var result = new List<IpSetMember>(sorted.Count);
        IPNetwork? current = null;
        foreach (var member in sorted)
        {
            // Sorted by address then prefix length: a covering network always comes before what it covers, and
            // CIDRs either nest or are disjoint, so checking the last kept one is enough.
            if (current is { } cover && cover.Contains(member.Network.BaseAddress))
            {
                continue;
            }

            result.Add(member);
            current = member.Network;
        }

        return result;
    }

    /// <summary>Formats one element: <c>10.0.0.1</c>, <c>10.0.0.0/8</c> or <c>10.0.0.1 . 6 . 80</c>.</summary>
    public static string Format(IpSetMember member)
    {
        var network = member.Network;
        var address = IsHost(network)
            ? network.BaseAddress.ToString()
            : network.ToString();
        return member.Protocol == 0 && member.Port == 0
            ? address
            : string.Create(CultureInfo.InvariantCulture, $"{network.BaseAddress} . {member.Protocol} . {member.Port}");
    }

    /// <summary>Formats a list of CIDRs as an anonymous set body without overlaps, e.g. <c>{ 10.0.0.0/8, 1.2.3.4 }</c>.</summary>
    public static string AnonymousSet(IEnumerable<IPNetwork> networks, int family)
    {
        var effective = Effective(networks.Select(n => new IpSetMember(n)), family);
        return effective.Count == 1 ? Format(effective[0]) : "{ " + string.Join(", ", effective.Select(Format)) + " }";
    }
}
