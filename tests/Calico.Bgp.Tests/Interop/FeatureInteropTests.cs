namespace Calico.Bgp.Tests.Interop;

/// <summary>MD5, communities, route reflection and graceful restart against BIRD 2.</summary>
public sealed class FeatureInteropTests
{
    private static string Session(string name, int node, uint asn, string extra = "") =>
        $"protocol bgp {name} from peer {{ local 10.99.0.{node} as {asn}; neighbor 10.99.0.1 as 64512; {extra} ipv4 {{ import all; export where source ~ [RTS_STATIC, RTS_BGP]; }}; }}";

    [Fact]
    public async Task Md5_password_is_required_and_checked()
    {
        using var lab = Lab.Create(2);
        using var bird = lab.Own(Bird.Start(lab.Node(2), Bird.Config("10.99.0.2", "route 192.168.10.0/24 blackhole;", string.Empty,
            Session("n1", 2, 65002, "password \"s3cret-key\";"))));
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002) with { Password = "wrong-key" }]);
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.False(speaker.Established(1), "a wrong MD5 key must not establish: " + speaker.Describe());
        Assert.DoesNotContain("wrong-key", speaker.Describe(), StringComparison.Ordinal);

        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002) with { Password = "s3cret-key" }]);
        await Shell.EventuallyAsync(() => speaker.Established(1), "session with the right MD5 key", describe: speaker.Describe);
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "routes over the signed session");
        Assert.DoesNotContain("s3cret", string.Join(' ', speaker.GetPeerStatus()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Communities_are_sent_and_no_export_is_honoured()
    {
        using var lab = Lab.Create(3);
        using var bird2 = lab.Own(Bird.Start(lab.Node(2), Bird.Config("10.99.0.2",
            "route 192.168.10.0/24 blackhole; route 192.168.11.0/24 blackhole { bgp_community.add((65535, 65281)); };", string.Empty, Session("n1", 2, 65002))));
        using var bird3 = lab.Own(Bird.Start(lab.Node(3), Bird.Config("10.99.0.3", string.Empty, string.Empty, Session("n1", 3, 65003))));
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002), Speakers.Peer("10.99.0.3", 65003)]);
        speaker.SetLocalRoutes([Speakers.Block("10.244.1.0/26", "64512:100", "64512:1:2")]);

        await Shell.EventuallyAsync(() => bird3.Route("10.244.1.0/26").Contains("(64512,100)", StringComparison.Ordinal), "community on our block", describe: () => bird3.Route("10.244.1.0/26"));
        Assert.Contains("(64512, 1, 2)", bird3.Route("10.244.1.0/26"), StringComparison.Ordinal);
        await Shell.EventuallyAsync(() => bird3.Route("192.168.10.0/24").Contains("as_path: 64512 65002", StringComparison.Ordinal), "transit route reaches the other eBGP peer", describe: () => bird3.Route("192.168.10.0/24"));
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.11.0/24", StringComparison.Ordinal), "NO_EXPORT route is still used locally");
        Assert.DoesNotContain("192.168.11.0", bird3.Route("192.168.11.0/24"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ibgp_routes_are_reflected_only_by_a_route_reflector()
    {
        using var lab = Lab.Create(3);
        using var bird2 = lab.Own(Bird.Start(lab.Node(2), Bird.Config("10.99.0.2", "route 192.168.10.0/24 blackhole;", string.Empty, Session("n1", 2, 64512))));
        using var bird3 = lab.Own(Bird.Start(lab.Node(3), Bird.Config("10.99.0.3", string.Empty, string.Empty, Session("n1", 3, 64512))));

        await using (var plain = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1)))
        {
            await plain.SetPeersAsync([Speakers.Peer("10.99.0.2", 64512), Speakers.Peer("10.99.0.3", 64512)]);
            await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "iBGP route learned");
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            Assert.DoesNotContain("192.168.10.0", bird3.Route("192.168.10.0/24"), StringComparison.Ordinal);
        }

        await using var reflector = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1) with { ClusterId = 0xE0000001 });
        await reflector.SetPeersAsync([Speakers.Peer("10.99.0.2", 64512) with { RouteReflectorClient = true }, Speakers.Peer("10.99.0.3", 64512) with { RouteReflectorClient = true }]);
        await Shell.EventuallyAsync(() => bird3.Route("192.168.10.0/24").Contains("BGP.originator_id: 10.99.0.2", StringComparison.Ordinal), "route reflected to the other client", describe: () => bird3.Route("192.168.10.0/24"));
        Assert.Contains("BGP.cluster_list: 224.0.0.1", bird3.Route("192.168.10.0/24"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_node_as_route_reflector_client()
    {
        using var lab = Lab.Create(3);
        var rr = "rr client; rr cluster id 1.2.3.4;";
        using var bird2 = lab.Own(Bird.Start(lab.Node(2), Bird.Config("10.99.0.2", string.Empty, string.Empty,
            Session("n1", 2, 64512, rr) + $"protocol bgp n3 from peer {{ local 10.99.0.2 as 64512; neighbor 10.99.0.3 as 64512; {rr} ipv4 {{ import all; export where source ~ [RTS_STATIC, RTS_BGP]; }}; }}")));
        using var bird3 = lab.Own(Bird.Start(lab.Node(3), Bird.Config("10.99.0.3", "route 192.168.13.0/24 blackhole;", string.Empty,
            "protocol bgp hub from peer { local 10.99.0.3 as 64512; neighbor 10.99.0.2 as 64512; ipv4 { import all; export where source ~ [RTS_STATIC, RTS_BGP]; }; }")));
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 64512)]);
        speaker.SetLocalRoutes([Speakers.Block("10.244.1.0/26")]);
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.13.0/24 via 10.99.0.3", StringComparison.Ordinal), "reflected route with the original next hop", describe: () => lab.Ip(1, "route") + speaker.Describe() + bird2.Route("192.168.13.0/24") + bird2.Control("show", "protocols"));
        await Shell.EventuallyAsync(() => bird3.Route("10.244.1.0/26").Contains("via 10.99.0.1", StringComparison.Ordinal), "our block reflected to the other client", describe: () => bird3.Route("10.244.1.0/26"));
    }

    [Fact]
    public async Task Restarting_peer_routes_are_kept_for_the_restart_time()
    {
        using var lab = Lab.Create(2);
        var config = Bird.Config("10.99.0.2", "route 192.168.10.0/24 blackhole;", string.Empty, Session("n1", 2, 65002, "graceful restart time 6;"));
        var bird = Bird.Start(lab.Node(2), config);
        try
        {
            await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
            await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002)]);
            await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "route learned");

            bird.Kill(); // no NOTIFICATION: the peer restarts
            await Shell.EventuallyAsync(() => !speaker.Established(1), "session lost");
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            Assert.Contains("192.168.10.0/24", lab.Ip(1, "route", "show", "proto", "84"), StringComparison.Ordinal);
            await Shell.EventuallyAsync(() => !lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "stale route removed after the restart time", seconds: 15);

            bird.Dispose();
            bird = Bird.Start(lab.Node(2), config);
            await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "route back after the peer restarted");
        }
        finally
        {
            bird.Dispose();
        }
    }

    [Fact]
    public async Task Kernel_routes_survive_a_speaker_restart()
    {
        using var lab = Lab.Create(2);
        using var bird = lab.Own(Bird.Start(lab.Node(2), Bird.Config("10.99.0.2", "route 192.168.10.0/24 blackhole;", string.Empty, Session("n1", 2, 65002))));
        var ns = lab.Open(1);
        var first = await Speakers.StartAsync(Speakers.Options(ns, 1));
        await first.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002)]);
        await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("192.168.10.0/24", StringComparison.Ordinal), "route learned");
        await first.DisposeAsync();
        Assert.Contains("192.168.10.0/24", lab.Ip(1, "route", "show", "proto", "84"), StringComparison.Ordinal);

        await using var second = await Speakers.StartAsync(Speakers.Options(ns, 1));
        Assert.True(second.Kernel!.Restarting);
        await second.SetPeersAsync([Speakers.Peer("10.99.0.2", 65002)]);
        await Shell.EventuallyAsync(() => second.Established(1) && !second.Kernel.Restarting, "restart finished", describe: second.Describe);
        Assert.Contains("192.168.10.0/24 via 10.99.0.2", lab.Ip(1, "route", "show", "proto", "84"), StringComparison.Ordinal);
    }
}
