using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

public sealed class ChangesTests
{
    private const RouteProtocol Own = (RouteProtocol)81;

    private static RouteInfo Route(string cidr, string via, int dev = 7, bool onlink = true, RouteProtocol protocol = Own) =>
        new(Net(cidr)) { Gateway = Ip(via), OutputInterface = dev, OnLink = onlink, Protocol = protocol };

    private static readonly KernelRoutingState Desired = new()
    {
        Routes = [Route("198.19.2.0/26", "198.19.2.1"), Route("198.19.3.0/26", "198.19.3.1")],
        FdbEntries = [new FdbEntry(7, VtepMac.Derive("n2")) { Destination = Ip("198.18.1.2") }],
        Neighbours = [new NeighbourInfo(7, Ip("198.19.2.1"), VtepMac.Derive("n2"))],
    };

    [Fact]
    public void Applying_the_same_state_twice_changes_nothing()
    {
        var first = KernelRoutingChanges.Plan(KernelRoutingState.Empty, Desired, Own);
        Assert.Equal(2, first.RouteAdds.Count);
        Assert.Single(first.FdbUpserts);
        Assert.Single(first.NeighbourUpserts);
        Assert.True(KernelRoutingChanges.Plan(Desired, Desired, Own).IsEmpty);
    }

    [Fact]
    public void Routes_read_back_with_kernel_chosen_scope_and_metric_count_as_programmed()
    {
        var readBack = Desired with
        {
            Routes = [.. Desired.Routes.Select(r => r with { Scope = RouteScope.Universe, Metric = 0, Table = RouteInfo.MainTable })],
            Neighbours = [.. Desired.Neighbours.Select(n => n with { State = 0x80 })],
        };
        Assert.True(KernelRoutingChanges.Plan(readBack, Desired, Own).IsEmpty);
    }

    [Fact]
    public void Reconcile_removes_own_leftovers_and_never_touches_other_protocols()
    {
        var foreign = Route("198.19.9.0/26", "198.19.9.1", protocol: RouteProtocol.Static);
        var foreignSamePrefix = Route("198.19.2.0/26", "198.18.1.99", dev: 2, onlink: false, protocol: RouteProtocol.Bird);
        var leftover = Route("198.19.8.0/26", "198.19.8.1");
        var staleFdb = new FdbEntry(7, VtepMac.Derive("gone")) { Destination = Ip("198.18.1.8") };
        var current = new KernelRoutingState
        {
            Routes = [.. Desired.Routes, foreign, foreignSamePrefix, leftover],
            FdbEntries = [.. Desired.FdbEntries, staleFdb],
            Neighbours = Desired.Neighbours,
        };

        var changes = KernelRoutingChanges.Plan(current, Desired, Own);

        Assert.Equal([leftover], changes.RouteDeletes);
        Assert.Equal([staleFdb], changes.FdbDeletes);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void A_changed_next_hop_is_replaced_in_place_and_a_new_prefix_added_exclusively()
    {
        var current = Desired with { Routes = [Route("198.19.2.0/26", "198.18.1.2", dev: 2, onlink: false)] };
        var changes = KernelRoutingChanges.Plan(current, Desired, Own);
        Assert.Equal([Desired.Routes[0]], changes.RouteReplaces);
        Assert.Equal([Desired.Routes[1]], changes.RouteAdds);
        Assert.Empty(changes.RouteDeletes);
    }

    [Fact]
    public void Duplicate_owned_routes_for_one_prefix_keep_the_matching_one()
    {
        var duplicate = Desired.Routes[0] with { Metric = 5, Gateway = Ip("198.19.2.9") };
        var changes = KernelRoutingChanges.Plan(Desired with { Routes = [.. Desired.Routes, duplicate] }, Desired, Own);
        Assert.Equal([duplicate], changes.RouteDeletes);
        Assert.Equal(1, changes.Count);
    }

    [Fact]
    public void A_moved_vtep_mac_is_upserted_and_the_old_mac_entry_deleted()
    {
        var moved = Desired with { FdbEntries = [new FdbEntry(7, VtepMac.Derive("n2-new")) { Destination = Ip("198.18.1.2") }] };
        var changes = KernelRoutingChanges.Plan(Desired, moved, Own);
        Assert.Equal(moved.FdbEntries, changes.FdbUpserts);
        Assert.Equal(Desired.FdbEntries, changes.FdbDeletes);
    }

    [Fact]
    public void Desired_state_with_a_foreign_protocol_or_a_duplicate_key_is_refused()
    {
        var foreign = Assert.Throws<ArgumentException>(() => KernelRoutingChanges.Plan(KernelRoutingState.Empty, new KernelRoutingState { Routes = [Route("198.19.2.0/26", "198.19.2.1", protocol: RouteProtocol.Boot)] }, Own));
        Assert.Contains("protocol 3, not the owner's 81", foreign.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => KernelRoutingChanges.Plan(KernelRoutingState.Empty, new KernelRoutingState { Routes = [Route("198.19.2.0/26", "198.19.2.1"), Route("198.19.2.0/26", "198.19.2.2")] }, Own));
        Assert.Contains("two desired routes for 198.19.2.0/26", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batches_put_vtep_entries_before_new_routes_and_after_route_removals()
    {
        var current = new KernelRoutingState
        {
            Routes = [Route("198.19.8.0/26", "198.19.8.1")],
            Neighbours = [new NeighbourInfo(7, Ip("198.19.8.1"), VtepMac.Derive("n8"))],
            FdbEntries = [new FdbEntry(7, VtepMac.Derive("n8")) { Destination = Ip("198.18.1.8") }],
        };
        using var netlink = NetlinkRoute.Open();
        var batch = netlink.CreateBatch();
        KernelRoutingChanges.Plan(current, Desired, Own).AppendTo(batch);

        // Message types in order: RTM_DELROUTE 25; RTM_NEWNEIGH 28 (neighbour, FDB); RTM_NEWROUTE 24 x2; RTM_DELNEIGH 29 x2.
        Assert.Equal([25, 28, 28, 24, 24, 29, 29], Encoding.MessageTypes(batch));
    }
}
