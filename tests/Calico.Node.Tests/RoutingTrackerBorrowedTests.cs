using System.Net;
using Calico.Sdk.Datastore;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Calico.Sdk.Testing.Datastore;
using Calico.Sdk.Validation;
using Xunit;

namespace Calico.Node.Tests;

/// <summary>
/// The agent's RoutingTracker and IPAM borrowing: an address node-b holds in node-a's block is routed as a host route
/// (/32, /128) to node-b next to the block's route to node-a, and the host route goes away when node-b releases it.
/// The blocks come from the real IPAM engine on an in-memory datastore, as the agent's sync would deliver them.
/// </summary>
public sealed class RoutingTrackerBorrowedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("10.70.0.0/26", 26, false)]
    [InlineData("fd00:70::/122", 122, true)]
    public async Task Borrowed_address_is_a_host_route_to_its_holder_until_released(string poolCidr, int blockSize, bool v6)
    {
        var store = new InMemoryDatastore();
        var pool = new IPPool { Metadata = { Name = "p" }, Spec = { Cidr = poolCidr, BlockSize = blockSize, VxlanMode = "Always", IpipMode = "Never" } };
        ResourceDefaults.Apply(pool);
        await store.CreateAsync(ResourceKinds.IPPool, pool, Ct);
        var ipam = new CalicoIpam(store);

        // The pool is a single block: node-a claims it, so node-b (no strict affinity) has to borrow from it.
        var own = await AssignAsync(ipam, "h-a", "node-a", v6);
        var borrowed = await AssignAsync(ipam, "h-b", "node-b", v6);

        var tracker = new RoutingTracker("node-c");
        await FeedAsync(store, tracker);
        var state = tracker.State(new RoutingNode("node-c", null, null));
        var block = Assert.Single(state.Blocks, b => b.Cidr == IPNetwork.Parse(poolCidr));
        Assert.Equal(("node-a", Encapsulation.VxlanAlways), (block.Node, block.Encapsulation));
        var host = Assert.Single(state.Blocks, b => b.Cidr.PrefixLength == (v6 ? 128 : 32));
        Assert.Equal((borrowed, "node-b", Encapsulation.VxlanAlways), (host.Cidr.BaseAddress, host.Node, host.Encapsulation));
        Assert.DoesNotContain(state.Blocks, b => b.Cidr.BaseAddress.Equals(own) && b.Cidr.PrefixLength == (v6 ? 128 : 32));
        Assert.Equal(2, state.Blocks.Count);

        // node-b releases its address: the next update removes exactly the host route and keeps the block.
        Assert.Equal([borrowed], await ipam.ReleaseByHandleAsync("h-b", Ct));
        await FeedAsync(store, tracker);
        var update = tracker.TakeUpdate();
        Assert.Equal([new IPNetwork(borrowed, v6 ? 128 : 32)], update.RemovedBlocks);
        Assert.Empty(update.UpsertedBlocks);
        var after = tracker.State(new RoutingNode("node-c", null, null));
        Assert.Equal([IPNetwork.Parse(poolCidr)], after.Blocks.Select(b => b.Cidr));
    }

    private static async Task<IPAddress> AssignAsync(CalicoIpam ipam, string handle, string node, bool v6)
    {
        var result = await ipam.AutoAssignAsync(
            new AutoAssignRequest(handle, node, v6 ? 0 : 1, v6 ? 1 : 0)
            {
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = node, ["namespace"] = "t", ["pod"] = handle },
            },
            Ct);
        return (v6 ? result.IPv6 : result.IPv4)[0].Address;
    }

    /// <summary>Hands the tracker every pool and block as Modified events, as the datastore sync does after a change.</summary>
    private static async Task FeedAsync(IDatastore store, RoutingTracker tracker)
    {
        foreach (var kind in new[] { ResourceKinds.IPPool, ResourceKinds.IPAMBlock })
        {
            var list = await store.ListAsync(kind, cancellationToken: Ct);
            foreach (var item in list.Items)
            {
                Assert.True(tracker.Apply(new WatchEvent(WatchEventType.Modified, kind, null, item.Metadata.Name!, item.Metadata.ResourceVersion ?? list.Revision, item)));
            }
        }
    }
}
