namespace Calico.Bgp.Tests.Interop;

/// <summary>
/// Recursive next hops (BIRD's <c>gateway recursive</c>): GoBGP (iBGP, node 2) announces a route whose next hop
/// 10.98.0.7 is not on any of node 1's subnets. Node 1 holds it unresolved, installs it via the route to the next
/// hop once one exists, follows that route when it changes, and removes it again when the next hop is gone.
/// </summary>
public sealed class RecursiveNextHopTests
{
    [Fact]
    public async Task Route_is_held_until_its_next_hop_resolves_then_follows_the_route_to_it()
    {
        using var lab = Lab.Create(3);
        using var gobgp = lab.Own(GoBgp.Start(lab.Node(2), GoBgp.Config(64512, "10.99.0.2", GoBgp.Neighbor("10.99.0.1", 64512, "ipv4-unicast"))));
        gobgp.Cli("global", "rib", "add", "10.50.0.0/24", "nexthop", "10.98.0.7", "-a", "ipv4");
        gobgp.Cli("global", "rib", "add", "10.51.0.0/24", "-a", "ipv4"); // an ordinary one, next hop on the link
        await using var speaker = await Speakers.StartAsync(Speakers.Options(lab.Open(1), 1));
        await speaker.SetPeersAsync([Speakers.Peer("10.99.0.2", 64512)]);
        string Routes() => lab.Ip(1, "route", "show", "proto", "84");

        await Shell.EventuallyAsync(() => Routes().Contains("10.51.0.0/24 via 10.99.0.2", StringComparison.Ordinal), "the connected next hop installed as is", describe: Routes);
        await Shell.EventuallyAsync(() => speaker.Kernel!.UnresolvedCount == 1, "10.50.0.0/24 held unresolved", describe: Routes);
        Assert.DoesNotContain("10.50.0.0", Routes(), StringComparison.Ordinal);
        Assert.Equal(0, speaker.Kernel!.Failures);

        // A route to the next hop appears: ours goes via that route's gateway.
        lab.Ip(1, "route", "add", "10.98.0.0/24", "via", "10.99.0.2");
        await Shell.EventuallyAsync(() => Routes().Contains("10.50.0.0/24 via 10.99.0.2 dev eth0", StringComparison.Ordinal), "resolved via the route to 10.98.0.7", 10, Routes);
        Assert.Equal(0, speaker.Kernel.UnresolvedCount);

        // The route to the next hop changes: ours follows.
        lab.Ip(1, "route", "replace", "10.98.0.0/24", "via", "10.99.0.3");
        await Shell.EventuallyAsync(() => Routes().Contains("10.50.0.0/24 via 10.99.0.3 dev eth0", StringComparison.Ordinal), "follows the new gateway", 10, Routes);

        // A more specific blackhole for the next hop means it is unreachable: the route is withdrawn from the kernel.
        lab.Ip(1, "route", "add", "blackhole", "10.98.0.7/32");
        await Shell.EventuallyAsync(() => !Routes().Contains("10.50.0.0", StringComparison.Ordinal), "removed while the next hop is unreachable", 10, Routes);
        Assert.Equal(1, speaker.Kernel.UnresolvedCount);
        lab.Ip(1, "route", "del", "blackhole", "10.98.0.7/32");
        await Shell.EventuallyAsync(() => Routes().Contains("10.50.0.0/24 via 10.99.0.3", StringComparison.Ordinal), "back once reachable", 10, Routes);

        lab.Ip(1, "route", "del", "10.98.0.0/24");
        await Shell.EventuallyAsync(() => !Routes().Contains("10.50.0.0", StringComparison.Ordinal), "held again when the route to the next hop is gone", 10, Routes);
        Assert.Contains("10.51.0.0/24 via 10.99.0.2", Routes(), StringComparison.Ordinal);
        Assert.Equal(0, speaker.Kernel.Failures);
    }
}
