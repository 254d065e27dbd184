using System.Net.Sockets;
using Calico.Sdk.Linux.Netlink;
using Calico.TestSupport;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

/// <summary>Decoding: iproute2's captured requests decode to the objects they describe, and our encodings
/// round-trip (a new-object request has the same layout as the kernel's dump reply).</summary>
public sealed class DecodingTests
{
    private static ReadOnlySpan<byte> GoldenPayload(string name) =>
        Convert.FromHexString(File.ReadAllText(RepoPaths.TestData("linux/golden/" + name + ".hex")).Trim()).AsSpan(16);

    [Fact]
    public void Decodes_iproute2_multipath_route()
    {
        var route = RouteCodec.Decode(GoldenPayload("route-add-multipath"));
        Assert.Equal(Net("10.3.0.0/24"), route.Destination);
        Assert.Equal(RouteProtocol.Boot, route.Protocol);
        Assert.Equal(RouteInfo.MainTable, route.Table);
        Assert.Equal(2, route.NextHops.Count);
        Assert.Equal(new RouteNextHop(Ip("10.0.0.2"), 3) { Weight = 2 }, route.NextHops[0]);
        Assert.Equal(new RouteNextHop(Ip("10.0.0.3"), 3), route.NextHops[1]);
    }

    [Fact]
    public void Decodes_iproute2_big_table_and_scope()
    {
        var route = RouteCodec.Decode(GoldenPayload("route-replace-dev-bigtable"));
        Assert.Equal(1000u, route.Table);
        Assert.Equal(RouteScope.Link, route.Scope);
        Assert.Equal(3, route.OutputInterface);
        Assert.Null(route.Gateway);
        Assert.Equal(1000u, RouteCodec.TableOf(GoldenPayload("route-replace-dev-bigtable"), out var cloned));
        Assert.False(cloned);
    }

    [Fact]
    public void Decodes_iproute2_fdb_entry_with_vni_and_port()
    {
        var entry = NeighbourCodec.DecodeFdb(GoldenPayload("fdb-add-vni-port"))!;
        Assert.Equal(Mac("02000000000b"), entry.MacAddress);
        Assert.Equal(Ip("10.0.0.3"), entry.Destination);
        Assert.Equal(42u, entry.Vni);
        Assert.Equal((ushort)4789, entry.Port);
        Assert.True(entry.Permanent);
        Assert.True(entry.Self);
    }

    [Fact]
    public void Decodes_iproute2_rule_with_mark_and_big_table()
    {
        var rule = RuleCodec.Decode(GoldenPayload("rule-add-fwmark-bigtable"));
        Assert.Equal(new RuleInfo(AddressFamily.InterNetwork) { FirewallMark = 0x10, FirewallMask = 0xff, Priority = 101, Table = 1000 }, rule);
    }

    [Fact]
    public void Decodes_iproute2_v6_address_and_neighbour()
    {
        var address = AddressCodec.Decode(GoldenPayload("addr-add-v6-nodad"));
        Assert.Equal(Ip("fd00::5"), address.Address);
        Assert.Equal(64, address.PrefixLength);
        Assert.True(address.NoDad);
        var neighbour = NeighbourCodec.DecodeNeighbour(GoldenPayload("neigh-replace-v6"))!;
        Assert.Equal(new NeighbourInfo(3, Ip("fd00::9"), Mac("02000000000a")), neighbour);
        Assert.True(neighbour.IsPermanent);
    }

    [Fact]
    public void Vxlan_link_round_trips_through_encoder_and_decoder()
    {
        var writer = new NetlinkWriter();
        var spec = new VxlanLink("vx9", 4096) { Port = 8472, Local = Ip("192.168.1.5"), Learning = false, Mtu = 1450, ParentIndex = 2 };
        LinkCodec.Add(writer, spec);
        var link = LinkCodec.Decode(writer.Written[16..]);
        Assert.Equal("vx9", link.Name);
        Assert.Equal("vxlan", link.Kind);
        Assert.Equal(1450, link.Mtu);
        Assert.Equal(spec with { Mtu = null }, link.Vxlan);
    }

    [Fact]
    public void Ipip_link_encodes_kind_and_tunnel_attributes()
    {
        var writer = new NetlinkWriter();
        LinkCodec.Add(writer, new IpipLink("tunl0") { Local = Ip("192.168.0.1"), Remote = Ip("192.168.0.2"), Ttl = 64, ParentIndex = 2, Mtu = 1480 });
        var link = LinkCodec.Decode(writer.Written[16..]);
        Assert.Equal("ipip", link.Kind);
        Assert.Equal(1480, link.Mtu);
        // IFLA_LINKINFO { IFLA_INFO_KIND "ipip", IFLA_INFO_DATA { LINK 2, LOCAL, REMOTE, TTL 64 } } as the kernel's
        // ipip_netlink_parms reads them.
        var hex = Convert.ToHexStringLower(writer.Written);
        Assert.Contains("0800010069706970" + "24000200" + "0800010002000000" + "08000200c0a80001" + "08000300c0a80002" + "0500040040000000", hex, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LinkCodec.Add(new NetlinkWriter(), new IpipLink("tunl1") { Remote = Ip("fd00::1") }));
    }

    [Fact]
    public void Route_round_trips_with_every_field()
    {
        var route = new RouteInfo(Net("fd00:1::/64"))
        {
            Gateway = Ip("fd00::1"),
            OutputInterface = 7,
            Table = 70000,
            Scope = RouteScope.Universe,
            Protocol = RouteProtocol.Calico,
            Metric = 1024,
            OnLink = true,
            PreferredSource = Ip("fd00::2"),
        };
        var writer = new NetlinkWriter();
        RouteCodec.Encode(writer, Nl.RTM_NEWROUTE, Codec.Create, route);
        Assert.Equal(route, RouteCodec.Decode(writer.Written[16..]));
    }

    [Fact]
    public void Malformed_attribute_is_reported_not_misread()
    {
        var bytes = Convert.FromHexString("0200000000000000000000000000000009000100aabbcc");
        var error = Assert.Throws<InvalidDataException>(() => AddressCodec.Decode(bytes.AsSpan(8)));
        Assert.Contains("Malformed netlink attribute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extended_ack_message_is_parsed_from_an_error_reply()
    {
        // NLMSG_ERROR, flags CAPPED|ACK_TLVS, errno -95, echoed header, then NLMSGERR_ATTR_MSG "Unknown device type".
        var text = "Unknown device type\0"u8.ToArray();
        var writer = new NetlinkWriter();
        var start = writer.BeginMessage(Nl.NLMSG_ERROR, Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS, 1);
        writer.Write(new NlMsgErr { Error = -95, Request = new NlMsgHdr { Length = 64, Type = Nl.RTM_NEWLINK } });
        writer.Bytes(Nl.NLMSGERR_ATTR_MSG, text);
        writer.EndMessage(start);
        var header = System.Runtime.InteropServices.MemoryMarshal.Read<NlMsgHdr>(writer.Written);
        var (errno, message) = NetlinkSocket.ParseError(header, writer.Written[16..]);
        Assert.Equal(95, errno);
        Assert.Equal("Unknown device type", message);
    }

    [Fact]
    public void Bad_input_is_rejected_before_anything_is_encoded()
    {
        var writer = new NetlinkWriter();
        var name = Assert.Throws<ArgumentException>(() => LinkCodec.Add(writer, new BridgeLink("a-very-long-bridge-name")));
        Assert.Contains("at most 15 bytes", name.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.Length);
        var family = Assert.Throws<ArgumentException>(() => RouteCodec.Encode(writer, Nl.RTM_NEWROUTE, Codec.Create, new RouteInfo(Net("10.0.0.0/8")) { Gateway = Ip("fd00::1") }));
        Assert.Contains("gateway fd00::1", family.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => LinkCodec.Add(new NetlinkWriter(), new VxlanLink("vx0", 1u << 24)));
    }
}
