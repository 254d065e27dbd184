namespace Calico.Bgp.Tests.Interop;

/// <summary>Our speaker (node 1) against BIRD 2 (node 2), IPv4 and IPv6 sessions, routes both ways and withdrawal.</summary>
public sealed class BirdInteropTests
{
    [Fact]
    public async Task Routes_flow_both_ways_and_are_withdrawn()
    {
        using var lab = Lab.Create(2);
        using var bird = lab.Own(Bird.Start(lab.Node(2), Bird.Config(
            "10.99.0.2",
            "route 192.168.10.0/24 blackhole;",
            "route fd10::/64 blackhole;",
            """
            protocol bgp n1v4 from peer { local 10.99.0.2 as 65002; neighbor 10.99.0.1 as 64512; ipv4 { import all; export where source = RTS_STATIC; }; }
            protocol bgp n1v6 from peer { local fd99::2 as 65002; neighbor fd99::1 as 64512; ipv6 { import all; export where source = RTS_STATIC; }; }
            """)));
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002), Speakers.Peer("fd99::2", 65002)]);
        speaker.SetLocalRoutes([Speakers.Block("10.244.1.0/26"), Speakers.Block("fd00:244:1::/122")]);

        await Shell.EventuallyAsync(() => speaker.Established(2), "both sessions established", describe: speaker.Describe);
        await Shell.EventuallyAsync(() => lab.Ip(2, "route", "show", "10.244.1.0/26").Contains("via 10.99.0.1", StringComparison.Ordinal), "BIRD's kernel has our IPv4 block", describe: () => bird.Route("10.244.1.0/26"));
        await Shell.EventuallyAsync(() => lab.Ip(2, "-6", "route", "show", "fd00:244:1::/122").Contains("via fd99::1", StringComparison.Ordinal), "BIRD's kernel has our IPv6 block", describe: () => bird.Route("fd00:244:1::/122"));
        Assert.Contains("as_path: 64512", bird.Route("10.244.1.0/26"), StringComparison.Ordinal);
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24 via 10.99.0.2", StringComparison.Ordinal), "our kernel has BIRD's IPv4 route", describe: () => lab.Ip(1, "route"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "-6", "route", "show", "proto", "84").Contains("fd10::/64 via fd99::2", StringComparison.Ordinal), "our kernel has BIRD's IPv6 route", describe: () => lab.Ip(1, "-6", "route"));
        Assert.Contains("blackhole 10.244.1.0/26", lab.Ip(1, "route", "show", "proto", "84"), StringComparison.Ordinal);

        // Withdraw in both directions.
        speaker.SetLocalRoutes([]);
        bird.Control("disable", "s4");
        bird.Control("disable", "s6");
        await Shell.EventuallyAsync(() => lab.Ip(2, "route", "show", "10.244.1.0/26").Length == 0 && lab.Ip(2, "-6", "route", "show", "fd00:244:1::/122").Length == 0, "BIRD drops our withdrawn blocks", describe: () => bird.Route("10.244.1.0/26"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Length == 0 && lab.Ip(1, "-6", "route", "show", "proto", "84").Length == 0, "our kernel drops BIRD's withdrawn routes and our blackholes", describe: () => lab.Ip(1, "route", "show", "proto", "84"));
        Assert.Equal(2, speaker.GetPeerStatus().Count(s => s.State == "Established"));
    }
}
