using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

/// <summary>Valid messages of every type the mutation test and the fuzz corpus start from.</summary>
internal static class SeedMessages
{
    public static List<byte[]> All()
    {
        var rich = new PathAttributes
        {
            Origin = BgpOrigin.Incomplete,
            AsPath = [new AsPathSegment(AsPathSegment.Sequence, [65001, 4200000001]), new AsPathSegment(AsPathSegment.Set, [7, 8])],
            NextHop = System.Net.IPAddress.Parse("10.0.0.1"),
            Med = 5,
            AtomicAggregate = true,
            Aggregator = (65001, 0x0A000001),
            Communities = [0xFDE90001, 0xFFFFFF01],
            LargeCommunities = [new LargeCommunity(64512, 1, 2)],
            Unknown = [new RawAttribute(0xE0, 200, [1, 2, 3])],
        };
        var v6 = rich with { NextHop = System.Net.IPAddress.Parse("fd00::1"), NextHopLinkLocal = System.Net.IPAddress.Parse("fe80::1") };
        var ibgp = rich with { AsPath = [], LocalPref = 100, OriginatorId = 0x0A000009, ClusterList = [1, 2] };
        List<byte[]> seeds =
        [
            Wire.Open().Encode(),
            (Wire.Open() with { GracefulRestart = new GracefulRestartCapability(120, true, [(BgpFamily.IPv4Unicast, true), (BgpFamily.IPv6Unicast, false)]) }).Encode(),
            MessageHeader.Keepalive(),
            new NotificationMessage(6, 2, [1, 2]).Encode(),
            new RouteRefreshMessage(BgpFamily.IPv6Unicast).Encode(),
            UpdateEncoder.EndOfRib(BgpFamily.IPv4Unicast),
            UpdateEncoder.EndOfRib(BgpFamily.IPv6Unicast),
            Wire.Update(Wire.Mandatory()),
            Wire.Update([.. Wire.Mandatory(), .. Wire.MpReachV6(32)], []),
        ];
        seeds.AddRange(UpdateEncoder.Announce(rich, BgpFamily.IPv4Unicast, [BgpPrefix.Parse("10.1.0.0/26"), BgpPrefix.Parse("10.1.0.64/26"), BgpPrefix.Parse("0.0.0.0/0")], true));
        seeds.AddRange(UpdateEncoder.Announce(rich, BgpFamily.IPv4Unicast, [BgpPrefix.Parse("10.1.0.0/26")], false));
        seeds.AddRange(UpdateEncoder.Announce(v6, BgpFamily.IPv6Unicast, [BgpPrefix.Parse("fd00:1::/122"), BgpPrefix.Parse("fd00:2::/64")], true));
        seeds.AddRange(UpdateEncoder.Announce(ibgp, BgpFamily.IPv4Unicast, [BgpPrefix.Parse("192.168.0.0/16")], true));
        seeds.AddRange(UpdateEncoder.Withdraw(BgpFamily.IPv4Unicast, [BgpPrefix.Parse("10.1.0.0/26"), BgpPrefix.Parse("10.9.0.0/16")]));
        seeds.AddRange(UpdateEncoder.Withdraw(BgpFamily.IPv6Unicast, [BgpPrefix.Parse("fd00:1::/122")]));
        return seeds;
    }
}
