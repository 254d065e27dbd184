using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

public sealed class BorrowedAddressesTests
{
    private static AllocationAttribute Held(string? node, string? releasedAt = null) => new()
    {
        HandleId = "k8s-pod-network." + node,
        Secondary = node is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["node"] = node, ["pod"] = "p" },
        ReleasedAt = releasedAt,
    };

    private static IPAMBlockSpec Block(string cidr, string? affinity, int size, params (int Ordinal, int Attribute)[] allocations)
    {
        var slots = new List<int?>(Enumerable.Repeat<int?>(null, size));
        foreach (var (ordinal, attribute) in allocations)
        {
            slots[ordinal] = attribute;
        }

        return new IPAMBlockSpec { Cidr = cidr, Affinity = affinity, Allocations = slots };
    }

    [Fact]
    public void Only_live_allocations_of_other_nodes_are_borrowed_each_as_a_host_route_to_its_holder()
    {
        var block = Block("198.19.1.0/26", "host:n1", 64, (2, 0), (9, 1), (10, 2), (11, 3), (12, 4), (63, 5));
        block.Attributes =
        [
            Held("n1"),                          // the owner's own pod
            Held("n2"),                          // borrowed by n2
            Held("n3", "2026-11-26T06:00:00Z"),  // released, cooling down: nobody uses it
            Held(null),                          // no node attribute: cannot be routed
            new AllocationAttribute { HandleId = "x" }, // no attributes at all
            Held("n3"),                          // last ordinal: the byte arithmetic reaches .63
        ];

        var borrowed = BorrowedAddresses.Of(block, Encapsulation.VxlanAlways);

        Assert.Equal(
            [new RoutedBlock(Net("198.19.1.9/32"), "n2", Encapsulation.VxlanAlways), new RoutedBlock(Net("198.19.1.63/32"), "n3", Encapsulation.VxlanAlways)],
            borrowed);
    }

    [Fact]
    public void Ipv6_blocks_give_128s_and_ordinals_carry_across_bytes()
    {
        var block = Block("fd00:19:1::ff00/120", "host:n1", 256, (0x3f, 0), (0xff, 0));
        block.Attributes = [Held("n2")];
        Assert.Equal([Net("fd00:19:1::ff3f/128"), Net("fd00:19:1::ffff/128")], BorrowedAddresses.Of(block, Encapsulation.None).Select(b => b.Cidr));

        var v4 = Block("10.0.0.192/26", "host:n1", 64, (63, 0));
        v4.Attributes = [Held("n2")];
        Assert.Equal(Net("10.0.0.255/32"), Assert.Single(BorrowedAddresses.Of(v4, Encapsulation.None)).Cidr);
    }

    [Fact]
    public void A_block_without_host_affinity_lends_every_held_address_and_bad_blocks_lend_none()
    {
        var unaffine = Block("198.19.5.0/30", null, 4, (1, 0), (2, 1));
        unaffine.Attributes = [Held("n1"), Held("n2")];
        Assert.Equal(["n1", "n2"], BorrowedAddresses.Of(unaffine, Encapsulation.None).Select(b => b.Node));

        var virtualAffinity = Block("198.19.6.0/30", "virtual:load-balancer", 4, (0, 0));
        virtualAffinity.Attributes = [Held("n1")];
        Assert.Single(BorrowedAddresses.Of(virtualAffinity, Encapsulation.None));

        var badIndex = Block("198.19.7.0/30", "host:n1", 4, (0, 7), (1, -1));
        badIndex.Attributes = [Held("n2")];
        Assert.Empty(BorrowedAddresses.Of(badIndex, Encapsulation.None));
        Assert.Empty(BorrowedAddresses.Of(new IPAMBlockSpec { Cidr = "not-a-cidr", Allocations = [0], Attributes = [Held("n2")] }, Encapsulation.None));

        // More slots than the block has addresses (a corrupt block): nothing beyond the block is invented.
        var overlong = Block("198.19.8.0/31", "host:n1", 4, (1, 0), (3, 0));
        overlong.Attributes = [Held("n2")];
        Assert.Equal([Net("198.19.8.1/32")], BorrowedAddresses.Of(overlong, Encapsulation.None).Select(b => b.Cidr));
    }
}
