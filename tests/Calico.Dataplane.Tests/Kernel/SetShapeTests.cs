using Calico.Conformance.NetpolKernel;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>
/// Host-only IP sets are nft hash sets (cheap one-element changes); a set that gains a CIDR becomes an interval
/// set and back, re-created in the same transaction as the chains using it.
/// </summary>
public sealed class SetShapeTests
{
    [Fact]
    public async Task A_set_turns_interval_when_it_gains_a_cidr_and_back_to_hash_without_losing_verdicts()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.DoesNotContain("flags interval", await node.ListAsync("set inet calico ip4-s-pod-a"), StringComparison.Ordinal);
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, "b", "TCP", 80)); // b admits TCP 80 from the set only

        var cidr = new IpSetMember(IPNetworkOf("203.0.113.0/24"));
        await node.Dataplane.ApplyAsync(Update(2, added: cidr), ct);
        Assert.Contains("flags interval", await node.ListAsync("set inet calico ip4-s-pod-a"), StringComparison.Ordinal);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, "b", "TCP", 80)); // the external peer is in the /24
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80));

        await node.Dataplane.ApplyAsync(Update(3, removed: cidr), ct);
        var listed = await node.ListAsync("set inet calico ip4-s-pod-a");
        Assert.DoesNotContain("flags interval", listed, StringComparison.Ordinal);
        Assert.Contains("10.65.0.2", listed, StringComparison.Ordinal);
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80));
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, "b", "TCP", 80));
        Assert.True(node.Dataplane.Status.Ready);
    }

    private static System.Net.IPNetwork IPNetworkOf(string cidr) => System.Net.IPNetwork.Parse(cidr);

    private static PolicyDelta Update(long generation, IpSetMember? added = null, IpSetMember? removed = null) => new()
    {
        Generation = generation,
        IpSetUpdates = Of(new IpSetUpdate(
            SetA,
            IpSetKind.Net,
            added is { } a ? Of(a) : default,
            removed is { } r ? Of(r) : default)),
    };
}
