namespace Calico.Bgp.Tests.Interop;

/// <summary>Our speaker (node 1) against GoBGP 3 and FRR 8 (node 2), IPv4 and IPv6 routes both ways and withdrawal.</summary>
public sealed class GoBgpFrrInteropTests
{
    [Fact]
    public async Task GoBgp_exchanges_and_withdraws_routes()
    {
        using var lab = Lab.Create(2);
        using var gobgp = lab.Own(GoBgp.Start(lab.Node(2), GoBgp.Config(65003, "10.99.0.2",
            GoBgp.Neighbor("10.99.0.1", 64512, "ipv4-unicast") + GoBgp.Neighbor("fd99::1", 64512, "ipv6-unicast"))));
        gobgp.Cli("global", "rib", "add", "192.168.20.0/24", "-a", "ipv4");
        gobgp.Cli("global", "rib", "add", "fd20::/64", "-a", "ipv6");
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65003), Speakers.Peer("fd99::2", 65003)]);
        speaker.SetLocalRoutes([Speakers.Block("10.244.1.0/26"), Speakers.Block("fd00:244:1::/122")]);

        await Shell.EventuallyAsync(() => speaker.Established(2), "both sessions established", describe: speaker.Describe);
        await Shell.EventuallyAsync(() => gobgp.Rib("ipv4").Contains("10.244.1.0/26", StringComparison.Ordinal) && gobgp.Rib("ipv6").Contains("fd00:244:1::/122", StringComparison.Ordinal), "GoBGP learns our blocks", describe: () => gobgp.Rib("ipv4") + gobgp.Rib("ipv6"));
        Assert.Contains("10.99.0.1", gobgp.Rib("ipv4"), StringComparison.Ordinal);
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.20.0/24 via 10.99.0.2", StringComparison.Ordinal) && lab.Ip(1, "-6", "route", "show", "proto", "84").Contains("fd20::/64 via fd99::2", StringComparison.Ordinal), "our kernel has GoBGP's routes", describe: () => lab.Ip(1, "route"));

        speaker.SetLocalRoutes([]);
        gobgp.Cli("global", "rib", "del", "192.168.20.0/24", "-a", "ipv4");
        gobgp.Cli("global", "rib", "del", "fd20::/64", "-a", "ipv6");
        await Shell.EventuallyAsync(() => !gobgp.Rib("ipv4").Contains("10.244.1.0/26", StringComparison.Ordinal) && !gobgp.Rib("ipv6").Contains("fd00:244:1::", StringComparison.Ordinal), "GoBGP drops our withdrawn blocks", describe: () => gobgp.Rib("ipv4"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Length == 0 && lab.Ip(1, "-6", "route", "show", "proto", "84").Length == 0, "our kernel drops GoBGP's routes", describe: () => lab.Ip(1, "route"));
    }

    [Fact]
    public async Task Frr_exchanges_and_withdraws_routes()
    {
        using var lab = Lab.Create(2);
        using var frr = lab.Own(Frr.Start(lab.Node(2), """
            frr defaults traditional
            hostname frr
            router bgp 65004
             bgp router-id 10.99.0.2
             no bgp ebgp-requires-policy
             no bgp network import-check
             no bgp default ipv4-unicast
             neighbor 10.99.0.1 remote-as 64512
             neighbor 10.99.0.1 timers 3 9
             neighbor 10.99.0.1 timers connect 1
             neighbor fd99::1 remote-as 64512
             neighbor fd99::1 timers 3 9
             neighbor fd99::1 timers connect 1
             address-family ipv4 unicast
              network 192.168.30.0/24
              neighbor 10.99.0.1 activate
             exit-address-family
             address-family ipv6 unicast
              network fd30::/64
              neighbor fd99::1 activate
             exit-address-family
            """));
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65004), Speakers.Peer("fd99::2", 65004)]);
        speaker.SetLocalRoutes([Speakers.Block("10.244.1.0/26"), Speakers.Block("fd00:244:1::/122")]);

        await Shell.EventuallyAsync(() => speaker.Established(2), "both sessions established", describe: () => speaker.Describe() + frr.Vtysh("show bgp summary"));
        await Shell.EventuallyAsync(() => frr.Vtysh("show bgp ipv4 unicast").Contains("10.244.1.0/26", StringComparison.Ordinal) && frr.Vtysh("show bgp ipv6 unicast").Contains("fd00:244:1::/122", StringComparison.Ordinal), "FRR learns our blocks", describe: () => frr.Vtysh("show bgp ipv4 unicast"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.30.0/24 via 10.99.0.2", StringComparison.Ordinal) && lab.Ip(1, "-6", "route", "show", "proto", "84").Contains("fd30::/64 via fd99::2", StringComparison.Ordinal), "our kernel has FRR's routes", describe: () => lab.Ip(1, "route"));

        speaker.SetLocalRoutes([]);
        frr.Vtysh("configure terminal", "router bgp 65004", "address-family ipv4 unicast", "no network 192.168.30.0/24", "exit-address-family", "address-family ipv6 unicast", "no network fd30::/64");
        await Shell.EventuallyAsync(() => !frr.Vtysh("show bgp ipv4 unicast").Contains("10.244.1.0/26", StringComparison.Ordinal) && !frr.Vtysh("show bgp ipv6 unicast").Contains("fd00:244:1::", StringComparison.Ordinal), "FRR drops our withdrawn blocks", describe: () => frr.Vtysh("show bgp ipv4 unicast"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Length == 0 && lab.Ip(1, "-6", "route", "show", "proto", "84").Length == 0, "our kernel drops FRR's routes", describe: () => lab.Ip(1, "route"));
    }
}
