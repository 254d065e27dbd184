using System.Net.Sockets;
using Calico.Routing.Ipip;
using Calico.Sdk.Linux;
using Calico.Sdk.Routing;
using Calico.TestSupport;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>No-encap and IP-in-IP routing between simulated nodes.</summary>
public sealed class DirectAndIpipKernelTests
{
    [Fact]
    public async Task Noencap_carries_pod_to_pod_tcp_via_node_addresses_and_skips_other_subnets()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1500, ("n1", 1, 1), ("n2", 2, 1), ("n3", 3, 2));
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.None, ct);

        Assert.Equal(1 << 20, await cluster["n1"].TcpToAsync(cluster["n2"], 1 << 20, ct));
        Assert.Equal(1 << 20, await cluster["n2"].TcpToAsync(cluster["n1"], 1 << 20, ct));

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var own = netlink.GetRoutes(AddressFamily.InterNetwork).Where(r => (byte)r.Protocol == 82).ToList();
        var route = Assert.Single(own); // n3 is in another subnet: no-encap cannot reach it without BGP
        Assert.Equal((Net("198.19.2.0/26"), Ip("198.18.1.2"), netlink.GetLink("eth0")!.Index), (route.Destination, route.Gateway!, route.OutputInterface));
        Assert.True(await cluster["n1"].CannotReachAsync(cluster["n3"], ct));

        await routers["n1"].ApplyAsync(new RoutingUpdate { RemovedBlocks = [Net("198.19.2.0/26")] }, ct);
        Assert.DoesNotContain(netlink.GetRoutes(AddressFamily.InterNetwork), r => (byte)r.Protocol == 82);
    }

    [Fact]
    public async Task Ipip_carries_pod_to_pod_tcp_through_tunl0()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1480, ("n1", 1, 1), ("n2", 2, 1), ("n3", 3, 2));
        await using var probe = new IpipRouter(new IpipRoutingOptions { Namespace = cluster["n1"].Host }, null);
        try
        {
            await probe.StartAsync(cluster["n1"].Routing, ct);
        }
        catch (NotSupportedException missing)
        {
            // The router names the cause; then the test is skipped for the kernel feature, as CI expects.
            Assert.Contains("the kernel has no IP-in-IP support", missing.Message, StringComparison.Ordinal);
            Assert.Contains("EOPNOTSUPP", missing.Message, StringComparison.Ordinal);
            Requires.KernelFeature("ipip", false, "creating tunl0 failed with EOPNOTSUPP");
        }

        await using var routers = await Routers.StartAsync(cluster, Encapsulation.IpipCrossSubnet, ct);
        Assert.Equal(1 << 20, await cluster["n1"].TcpToAsync(cluster["n3"], 1 << 20, ct));
        Assert.Equal(1 << 20, await cluster["n1"].TcpToAsync(cluster["n2"], 1 << 20, ct));
        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var tunl0 = netlink.GetLink("tunl0")!;
        Assert.Equal(1480, tunl0.Mtu);
        var own = netlink.GetRoutes(AddressFamily.InterNetwork).Where(r => (byte)r.Protocol == 83).OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal([(Ip("198.18.1.2"), netlink.GetLink("eth0")!.Index), (Ip("198.18.2.3"), tunl0.Index)], own.Select(r => (r.Gateway!, r.OutputInterface)));
    }
}
