using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>
/// IPAM borrowing: 198.19.1.9 belongs to n1's block 198.19.1.0/26 but a pod on n2 uses it. Every other node must route
/// that /32 to n2 and the rest of the block to n1; n1 itself (which blackholes its block, as the agent does) must
/// send the address to n2 too.
/// </summary>
public sealed class BorrowedAddressKernelTests
{
    private const int Bytes = 1 << 18;

    [Theory]
    [InlineData(Encapsulation.VxlanAlways, (byte)81)]
    [InlineData(Encapsulation.VxlanCrossSubnet, (byte)81)]
    [InlineData(Encapsulation.None, (byte)82)]
    public async Task A_borrowed_address_is_routed_to_the_node_that_uses_it_and_the_rest_of_the_block_to_its_owner(Encapsulation encapsulation, byte protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1400, ("n1", 1, 1), ("n2", 2, 1), ("n3", 3, 1));
        var borrowedIp = Ip("198.19.1.9");
        var borrowerPod = cluster.AddPod(cluster["n2"], "calib9", borrowedIp);
        using (var n1 = NetlinkRoute.Open(cluster["n1"].Host))
        {
            n1.AddRoute(new RouteInfo(Net("198.19.1.0/26")) { Type = RouteType.Blackhole, Protocol = (RouteProtocol)80 });
        }

        var borrowed = new RoutedBlock(Net("198.19.1.9/32"), "n2", encapsulation);
        await using var routers = await Routers.StartAsync(cluster, encapsulation, ct, borrowed);

        // The listener runs in the borrower pod on n2: bytes arriving prove the /32 won over n1's block route.
        Assert.Equal(Bytes, await Tcp.SendAsync(cluster["n3"].Pod, borrowerPod, borrowedIp, 7201, Bytes, ct));
        Assert.Equal(Bytes, await Tcp.SendAsync(cluster["n1"].Pod, borrowerPod, borrowedIp, 7202, Bytes, ct));
        Assert.Equal(Bytes, await cluster["n3"].TcpToAsync(cluster["n1"], Bytes, ct));

        using var netlink = NetlinkRoute.Open(cluster["n3"].Host);
        var own = netlink.GetRoutes(AddressFamily.InterNetwork).Where(r => (byte)r.Protocol == protocol).ToDictionary(r => r.Destination);
        var (toN2, toN1) = encapsulation == Encapsulation.VxlanAlways ? (Ip("198.19.2.1"), Ip("198.19.1.1")) : (Ip("198.18.1.2"), Ip("198.18.1.1"));
        Assert.Equal(toN2, own[Net("198.19.1.9/32")].Gateway);
        Assert.Equal(toN1, own[Net("198.19.1.0/26")].Gateway);

        // Released: the /32 goes, the address falls back to the block's owner, whose blackhole drops it.
        foreach (var node in cluster.Nodes)
        {
            await routers[node.Name].ApplyAsync(new RoutingUpdate { RemovedBlocks = [Net("198.19.1.9/32")] }, ct);
        }

        Assert.DoesNotContain(netlink.GetRoutes(AddressFamily.InterNetwork), r => r.Destination == Net("198.19.1.9/32"));
        Assert.True(await Tcp.CannotConnectAsync(cluster["n3"].Pod, borrowedIp, ct));
    }
}
