using Calico.Conformance.NetpolKernel;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.Dataplane.Iptables.Tests.Kernel.HostEndpoints;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>Tamper repair and rollback of the raw and mangle tables we program for host endpoints, on both backends.</summary>
public sealed class HostEndpointRobustnessTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Tampering_with_raw_and_mangle_chains_and_hooks_is_repaired(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { RefreshInterval = Refresh });
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(KernelNode.HostPeer).Serve([("TCP", 8080)]);
        var untracked = new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "untracked");
        await node.Dataplane.ReconcileAsync(WithHost(Node.Baseline(), Uplink("eth0", AllowWeb) with { UntrackedIngress = Stage(untracked) }, Rules(AllowWeb, Allow(6, 8080)), Rules(untracked, Deny(6, 8080))), ct);
        async Task<string> Ours() => Node.WithoutCounters(await node.RunAsync(Save(backend, 4), [])) + Node.WithoutCounters(await node.RunAsync(Save(backend, 6), []));
        var good = await Ours();
        await Task.Delay(Refresh * 4, ct); // the committed state's hash is recorded after a quiet period

        await node.RestoreAsync("*raw\n-F cali-fh-node1-eth0\nCOMMIT\n*mangle\n-D PREROUTING -j cali-PREROUTING\nCOMMIT\n");
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080)); // the untracked deny is gone
        Assert.True(await Eventually.HoldsAsync(async () => await Ours() == good, Refresh * 5, ct), "not repaired within 5 refresh intervals");
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080));
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task A_rejected_raw_table_change_is_rolled_back_in_both_families_and_retried(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { MinRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100), RefreshInterval = TimeSpan.FromHours(1) });
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(WithHost(Node.Baseline(), Uplink("eth0")), ct);
        async Task<string> Ours() => Node.WithoutCounters(await node.RunAsync(Save(backend, 4), [])) + Node.WithoutCounters(await node.RunAsync(Save(backend, 6), []));
        var good = await Ours();

        // Someone removed our IPv4 raw hook: the delta removing the host endpoint deletes it and is rejected for IPv4
        // (IPv6 commits): the committed state comes back in both families, then the retry reaches the new state.
        await node.RestoreAsync("*raw\n-D PREROUTING -j cali-PREROUTING\nCOMMIT\n");
        var error = await Assert.ThrowsAsync<DataplaneApplyException>(() => node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointRemovals = Of(EndpointId.Host("node1-eth0")) }, ct));
        Assert.Contains("IPv4", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, node.Dataplane.Status.AppliedGeneration);
        Assert.True(await Eventually.HoldsAsync(async () => !(await Ours()).Contains("cali-PREROUTING", StringComparison.Ordinal), TimeSpan.FromSeconds(10), ct), "the retry did not remove the host endpoint");
        Assert.NotEqual(good, await Ours());
        Assert.True(node.Dataplane.Status.Ready);
        Assert.Equal(2, node.Dataplane.Status.AppliedGeneration);
    }
}
