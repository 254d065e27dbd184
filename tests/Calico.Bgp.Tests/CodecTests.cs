using System.Net;
using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Open_round_trips_every_capability()
    {
        var open = Wire.Open(asn: 4200000001) with { GracefulRestart = new GracefulRestartCapability(120, true, [(BgpFamily.IPv4Unicast, true)]) };
        var decoded = (OpenMessage)Wire.Decode(open.Encode())!;
        Assert.Equal(OpenMessage.AsTrans, decoded.MyAs);
        Assert.Equal(4200000001u, decoded.PeerAs);
        Assert.Equal([BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast], decoded.Families);
        Assert.True(decoded.RouteRefresh);
        Assert.Equal(120, decoded.GracefulRestart!.RestartTime);
        Assert.True(decoded.GracefulRestart.Restarting);
        Assert.Equal([(BgpFamily.IPv4Unicast, true)], decoded.GracefulRestart.Families);
    }

    [Fact]
    public void Ten_thousand_ipv4_routes_pack_into_few_messages_and_decode_back()
    {
        var prefixes = Enumerable.Range(0, 10_000).Select(i => new BgpPrefix(BgpFamily.IPv4Unicast, 0x0A000000u + ((uint)i << 6), 26)).ToList();
        var attributes = new PathAttributes { AsPath = [new AsPathSegment(AsPathSegment.Sequence, [65001])], NextHop = IPAddress.Parse("10.0.0.1"), Communities = [1] };
        var messages = UpdateEncoder.Announce(attributes, BgpFamily.IPv4Unicast, prefixes, true);
        Assert.InRange(messages.Count, 10, 15);
        Assert.All(messages, m => Assert.InRange(m.Length, 19, 4096));
        var back = messages.SelectMany(m => Wire.DecodeUpdate(m).Announced).ToList();
        Assert.Equal(prefixes, back);
    }

    [Fact]
    public void Ipv6_routes_travel_in_mp_reach_with_a_link_local_next_hop()
    {
        var attributes = new PathAttributes { AsPath = [new AsPathSegment(AsPathSegment.Sequence, [65001])], NextHop = IPAddress.Parse("fd00::1"), NextHopLinkLocal = IPAddress.Parse("fe80::1"), LargeCommunities = [new LargeCommunity(1, 2, 3)] };
        var message = Assert.Single(UpdateEncoder.Announce(attributes, BgpFamily.IPv6Unicast, [BgpPrefix.Parse("fd00:10::/122")], true));
        var update = Wire.DecodeUpdate(message);
        Assert.Equal([BgpPrefix.Parse("fd00:10::/122")], update.Announced);
        Assert.Equal(IPAddress.Parse("fd00::1"), update.IPv6Attributes!.NextHop);
        Assert.Equal(IPAddress.Parse("fe80::1"), update.IPv6Attributes.NextHopLinkLocal);
        Assert.Equal([new LargeCommunity(1, 2, 3)], update.IPv6Attributes.LargeCommunities);
    }

    [Fact]
    public void End_of_rib_markers_are_recognised()
    {
        Assert.Equal(BgpFamily.IPv4Unicast, Wire.DecodeUpdate(UpdateEncoder.EndOfRib(BgpFamily.IPv4Unicast)).EndOfRib);
        Assert.Equal(BgpFamily.IPv6Unicast, Wire.DecodeUpdate(UpdateEncoder.EndOfRib(BgpFamily.IPv6Unicast)).EndOfRib);
        Assert.Null(Wire.DecodeUpdate(Wire.Update(Wire.Mandatory())).EndOfRib);
    }

    [Fact]
    public void Two_octet_session_carries_large_as_numbers_in_as4_path()
    {
        var attributes = new PathAttributes { AsPath = [new AsPathSegment(AsPathSegment.Sequence, [65001, 4200000001])], NextHop = IPAddress.Parse("10.0.0.1") };
        var message = Assert.Single(UpdateEncoder.Announce(attributes, BgpFamily.IPv4Unicast, [BgpPrefix.Parse("10.0.0.0/24")], false));
        var update = Wire.DecodeUpdate(message, Wire.Ebgp with { FourOctetAs = false });
        Assert.Equal([65001u, 4200000001u], update.IPv4Attributes!.AsPath[0].Asns);
    }

    [Fact]
    public void Prefix_masks_host_bits_and_tests_containment()
    {
        var block = new BgpPrefix(BgpFamily.IPv4Unicast, 0x0A0A0A0Bu, 26);
        Assert.Equal("10.10.10.0/26", block.ToString());
        Assert.True(BgpPrefix.Parse("10.10.0.0/16").Contains(block));
        Assert.False(block.Contains(BgpPrefix.Parse("10.10.0.0/16")));
        Assert.Equal(IPNetwork.Parse("fd00::/64"), BgpPrefix.Parse("fd00::1/64").ToNetwork());
    }
}
