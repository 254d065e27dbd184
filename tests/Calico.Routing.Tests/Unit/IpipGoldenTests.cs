using System.Buffers.Binary;
using Calico.Routing.Ipip;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

/// <summary>
/// The IPIP router's netlink requests, byte for byte. Golden/ipip-*.hex (except ipip-link-add.hex) are what iproute2
/// sends for the equivalent command (Golden/capture-golden.sh: tunl0 is ifindex 3, the underlay eth0 ifindex 5).
/// ipip-link-add.hex is written by hand, because iproute2 orders IFLA_MTU before IFLA_IFNAME and sends no
/// IFLA_INFO_DATA without options, where the SDK sends IFLA_IPTUN_TTL 0 (the kernel's own default);
/// <see cref="Creating_tunl0_carries_what_iproute2_sends_plus_a_default_ttl"/> checks that relation attribute by attribute.
/// </summary>
public sealed class IpipGoldenTests
{
    private static readonly IpipDevices Devices = new(3, 5, Net("198.18.1.0/24"), (RouteProtocol)83);
    private static readonly RoutingNode N1 = Node("n1", 1);
    private static readonly RoutingNode N2 = Node("n2", 2);
    private static readonly RoutingNode N3 = Node("n3", 2, subnet: 2) with { Name = "n3", IPv4Address = Ip("198.18.2.3") };

    private static string Golden(params string[] names) =>
        string.Concat(names.Select(n => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", n + ".hex")).Trim()));

    private static string Encode(Action<NetlinkBatch> queue)
    {
        using var netlink = NetlinkRoute.Open();
        var batch = netlink.CreateBatch();
        queue(batch);
        return Encoding.Hex(batch);
    }

    private static KernelRoutingState Plan(params RoutedBlock[] blocks) => IpipPlanner.Plan(State(N1, [N2, N3], blocks), Devices);

    [Fact]
    public void First_routes_are_added_onlink_through_tunl0_and_crosssubnet_via_the_underlay()
    {
        var desired = Plan(new RoutedBlock(Net("198.19.2.0/26"), "n3", Encapsulation.IpipAlways), new RoutedBlock(Net("198.19.3.0/26"), "n2", Encapsulation.IpipCrossSubnet));
        var changes = KernelRoutingChanges.Plan(KernelRoutingState.Empty, desired, Devices.Protocol);
        Assert.Equal(Golden("ipip-route-add-onlink", "ipip-route-add-crosssubnet"), Encode(changes.AppendTo));
    }

    [Fact]
    public void A_pool_switching_to_always_replaces_the_route_and_a_withdrawn_block_is_deleted()
    {
        var before = Plan(new RoutedBlock(Net("198.19.2.0/26"), "n3", Encapsulation.IpipAlways), new RoutedBlock(Net("198.19.3.0/26"), "n2", Encapsulation.IpipCrossSubnet));
        var after = Plan(new RoutedBlock(Net("198.19.3.0/26"), "n2", Encapsulation.IpipAlways));
        var changes = KernelRoutingChanges.Plan(before, after, Devices.Protocol);
        Assert.Equal(Golden("ipip-route-del", "ipip-route-replace-onlink"), Encode(changes.AppendTo));
    }

    [Fact]
    public void Tunl0_is_repaired_and_addressed_as_iproute2_would()
    {
        Assert.Equal(Golden("ipip-link-set-mtu-up"), Encode(b => b.SetLink(3, IpipDevice.Repair(1480))));
        Assert.Equal(Golden("ipip-addr-replace"), Encode(b => b.ReplaceAddress(IpipDevice.TunnelAddress(3, Ip("198.19.1.1")))));
    }

    [Fact]
    public void Creating_tunl0_matches_the_golden_request()
    {
        Assert.Equal(Golden("ipip-link-add"), Encode(b => b.AddLink(IpipDevice.Spec(1480))));
    }

    [Fact]
    public void Creating_tunl0_carries_what_iproute2_sends_plus_a_default_ttl()
    {
        var ours = Convert.FromHexString(Golden("ipip-link-add"));
        var theirs = Convert.FromHexString(Golden("ipip-link-add.iproute2"));
        Assert.Equal(theirs.AsSpan(4, 28).ToArray(), ours.AsSpan(4, 28).ToArray()); // type, flags, seq, pid, ifinfomsg (up)
        var ourAttributes = Attributes(ours.AsSpan(32));
        var theirAttributes = Attributes(theirs.AsSpan(32));
        Assert.Equal(theirAttributes.Keys.Order(), ourAttributes.Keys.Order());
        Assert.Equal(theirAttributes[3], ourAttributes[3]); // IFLA_IFNAME
        Assert.Equal(theirAttributes[4], ourAttributes[4]); // IFLA_MTU
        var ourInfo = Attributes(ourAttributes[18]);
        var theirInfo = Attributes(theirAttributes[18]);
        Assert.Equal(theirInfo[1], ourInfo[1]); // IFLA_INFO_KIND "ipip"
        Assert.False(theirInfo.ContainsKey(2));
        Assert.Equal([0], Attributes(ourInfo[2])[4]); // IFLA_INFO_DATA { IFLA_IPTUN_TTL 0 }
    }

    private static Dictionary<int, byte[]> Attributes(ReadOnlySpan<byte> bytes)
    {
        var result = new Dictionary<int, byte[]>();
        while (bytes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            result.Add(BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]) & 0x3fff, bytes[4..length].ToArray());
            bytes = bytes[Math.Min(bytes.Length, (length + 3) & ~3)..];
        }

        return result;
    }
}
