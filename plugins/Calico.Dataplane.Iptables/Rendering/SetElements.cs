using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>Turns IP set members and CIDRs into ipset elements.</summary>
internal static class SetElements
{
    private static readonly IPNetwork[] V4Halves = [IPNetwork.Parse("0.0.0.0/1"), IPNetwork.Parse("128.0.0.0/1")];
    private static readonly IPNetwork[] V6Halves = [IPNetwork.Parse("::/1"), IPNetwork.Parse("8000::/1")];

    /// <summary>The family (4 or 6) of an address.</summary>
    public static int Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 6 : 4;

    /// <summary>
    /// The hash:net elements of a CIDR. A /0 cannot be stored in a hash:net set, so it becomes its two halves
    /// (which match exactly the same addresses).
    /// </summary>
    public static IEnumerable<string> Net(IPNetwork network)
    {
        if (network.PrefixLength == 0)
        {
            return (Family(network.BaseAddress) == 4 ? V4Halves : V6Halves).Select(n => n.ToString());
        }

        var host = network.PrefixLength == (Family(network.BaseAddress) == 4 ? 32 : 128);
        return [host ? network.BaseAddress.ToString() : network.ToString()];
    }

    /// <summary>The elements of one member for a set of <paramref name="kind"/>.</summary>
    public static IEnumerable<string> Member(IpSetKind kind, IpSetMember member) => kind == IpSetKind.Net
        ? Net(member.Network)
        : [string.Create(CultureInfo.InvariantCulture, $"{member.Network.BaseAddress},{Protocol(member.Protocol)}:{member.Port}")];

    /// <summary>The elements of one family of a set.</summary>
    public static HashSet<string> Of(IpSetKind kind, IEnumerable<IpSetMember> members, int family) =>
        new(members.Where(m => Family(m.Network.BaseAddress) == family).SelectMany(m => Member(kind, m)), StringComparer.Ordinal);

    /// <summary>Whether removing <paramref name="member"/> may not remove all its elements (a /0 shares its halves with /1 members).</summary>
    public static bool SharesElements(IpSetMember member) => member.Network.PrefixLength <= 1;

    // ipset names the protocols of hash:ip,port elements; anything else is written as a number, which ipset
    // rejects (the apply then fails as a whole instead of storing a wrong element).
    private static string Protocol(byte protocol) => protocol switch
    {
        6 => "tcp",
        17 => "udp",
        132 => "sctp",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };
}
