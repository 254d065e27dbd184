using Calico.Conformance.NetpolKernel;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.Dataplane.Iptables.Tests.Kernel.HostEndpoints;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>
/// Host endpoints on the node's uplink <c>eth0</c> (172.18.0.2), probed from the external namespace behind it, on
/// both backends, each flag in a fresh node namespace: normal policy with failsafe ports and deltas, the
/// all-interfaces endpoint with configured failsafe lists, preDNAT, doNotTrack and applyOnForward.
/// </summary>
public sealed class HostEndpointTests
{
    private const string External = KernelNode.ExternalPeer;
    private const string HostPeer = KernelNode.HostPeer;

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Normal_policy_with_failsafe_ports_and_deltas_adding_changing_and_removing_the_endpoint(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(HostPeer).Serve([("TCP", 22), ("TCP", 8080), ("UDP", 68), ("UDP", 9)]);
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8080)); // no host endpoint yet
        Assert.DoesNotContain("*raw", await node.RunAsync(Save(backend, 4), []), StringComparison.Ordinal); // no raw table until needed

        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointUpdates = Of(Uplink("eth0")) }, ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 22)); // failsafe
        Assert.True(await node.AllowedAsync(External, HostPeer, "UDP", 68)); // failsafe
        Assert.False(await node.AllowedAsync(External, HostPeer, "TCP", 8080)); // no policy, no profile
        Assert.False(await node.AllowedAsync(External, HostPeer, "UDP", 9));
        Assert.True(await node.AllowedAsync(HostPeer, "a", "TCP", 80)); // host → workload is not policed
        Assert.True(await node.AllowedAsync(External, "a", "TCP", 80)); // forwarded: no applyOnForward policy
        var save = await node.RunAsync(Save(backend, 4), []);
        Assert.Contains("-A PREROUTING -j cali-PREROUTING", save, StringComparison.Ordinal);
        Assert.Contains("-A OUTPUT -j cali-OUTPUT", save, StringComparison.Ordinal);
        Assert.Contains("-A cali-from-host-endpoint -i eth0 -g cali-fh-node1-eth0", save, StringComparison.Ordinal);
        Assert.Contains("-A cali-from-host-endpoint -i eth0 -g cali-fh-node1-eth0", await node.RunAsync(Save(backend, 6), []), StringComparison.Ordinal);

        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 3, PolicyUpdates = Of(Rules(AllowWeb, Allow(6, 8080))), EndpointUpdates = Of(Uplink("eth0", AllowWeb)) }, ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8080));
        Assert.False(await node.AllowedAsync(External, HostPeer, "UDP", 9)); // end of tier

        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 4, EndpointRemovals = Of(EndpointId.Host("node1-eth0")), PolicyRemovals = Of(AllowWeb) }, ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "UDP", 9));
        save = await node.RunAsync(Save(backend, 4), []);
        Assert.DoesNotContain("cali-fh-node1-eth0", save, StringComparison.Ordinal);
        Assert.DoesNotContain("cali-PREROUTING", save, StringComparison.Ordinal);
        Assert.DoesNotContain("-j cali-OUTPUT", save, StringComparison.Ordinal);
        Assert.False(await node.Dataplane.CheckNowAsync(ct)); // what the deltas built is what a full sync builds
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task All_interfaces_endpoint_and_configured_failsafe_ports_apply_to_host_traffic(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { FailsafeInboundHostPorts = [new FailsafePort(6, 8080)] });
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(HostPeer).Serve([("TCP", 22), ("TCP", 8080)]);
        await node.Dataplane.ReconcileAsync(WithHost(Node.Baseline(), Uplink("*")), ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8080)); // the configured failsafe port
        Assert.False(await node.AllowedAsync(External, HostPeer, "TCP", 22)); // not failsafe any more
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // workload ↔ workload is not a host endpoint's business
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task PreDnat_policy_denies_before_normal_policy_and_its_allow_skips_normal_policy(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(HostPeer).Serve([("TCP", 8080), ("TCP", 8081)]);
        var pre = new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "pre");
        var snapshot = Node.Baseline();
        await node.Dataplane.ReconcileAsync(WithHost(snapshot, Uplink("eth0", AllowWeb) with { PreDnatIngress = Stage(pre) }, Rules(AllowWeb, Allow(6, 8080)), Rules(pre, Deny(6, 8080))), ct);
        Assert.False(await node.AllowedAsync(External, HostPeer, "TCP", 8080)); // preDNAT deny wins over the normal allow
        Assert.False(await node.AllowedAsync(External, HostPeer, "TCP", 8081)); // normal policy: end of tier
        Assert.Contains("-A cali-fh-node1-eth0 -m mark --mark 0x0/0x20000 -j cali-pi-", await node.RunAsync(Save(backend, 4), ["-t", "mangle"]), StringComparison.Ordinal);

        // A change of the preDNAT policy alone: the mangle copy of its chain is rewritten too.
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, PolicyUpdates = Of(Rules(pre, Allow(6, 8081))) }, ct);
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8080));
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8081)); // preDNAT allow: normal policy is skipped
        Assert.False(await node.Dataplane.CheckNowAsync(ct));
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task DoNotTrack_policy_denies_before_conntrack_and_its_allow_is_untracked_in_both_directions(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(HostPeer).Serve([("TCP", 8080), ("TCP", 8081)]);
        var untracked = new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "untracked");
        var policy = new CompiledPolicy(untracked, Of(Deny(6, 8080), Allow(6, 8081)), Of(AllowFromPort(6, 8081)));
        var uplink = Uplink("eth0", AllowWeb) with { UntrackedIngress = Stage(untracked), UntrackedEgress = Stage(untracked) };
        await node.Dataplane.ReconcileAsync(WithHost(Node.Baseline(), uplink, Rules(AllowWeb, Allow(6, 8080)), policy), ct);
        Assert.False(await node.AllowedAsync(External, HostPeer, "TCP", 8080)); // untracked deny wins over the normal allow
        Assert.True(await node.AllowedAsync(External, HostPeer, "TCP", 8081)); // untracked allow (replies allowed by the egress rule)
        var conntrack = await node.RunAsync("conntrack", ["-L", "-p", "tcp"]);
        Assert.DoesNotContain("dport=8081", conntrack, StringComparison.Ordinal); // NOTRACK: no connection was tracked
        Assert.Contains("-j CT --notrack", await node.RunAsync(Save(backend, 4), ["-t", "raw"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task ApplyOnForward_policy_polices_traffic_forwarded_through_the_host_endpoint(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        var forward = new PolicyId(PolicyKind.GlobalNetworkPolicy, null, "fwd");
        var deny = new CompiledRule { Action = RuleAction.Deny, Destination = new EntityMatch { Nets = Of(Host("10.65.0.2")) } };
        await node.Dataplane.ReconcileAsync(WithHost(Node.Baseline(), Uplink("eth0")), ct);
        Assert.True(await node.AllowedAsync(External, "a", "TCP", 80)); // no applyOnForward policy: forwarded traffic passes

        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 2,
            PolicyUpdates = Of(new CompiledPolicy(forward, Of(deny, new CompiledRule { Action = RuleAction.Allow }), Of<CompiledRule>())),
            EndpointUpdates = Of(Uplink("eth0") with { ForwardIngress = Stage(forward) }),
        }, ct);
        Assert.False(await node.AllowedAsync(External, "a", "TCP", 80)); // forwarded in through eth0 to a: denied
        Assert.True(await node.AllowedAsync(HostPeer, "a", "TCP", 80)); // host-originated, not forwarded

        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 3, PolicyUpdates = Of(Rules(forward, Deny(6, 81))) }, ct);
        Assert.True(await node.AllowedAsync(External, "a", "TCP", 80));
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // not through the host endpoint
    }
}
