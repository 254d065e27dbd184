using Calico.Sdk.Dataplane;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>Tamper repair, atomic failure, retries and readiness, against the real kernel on both backends.</summary>
public sealed class RobustnessTests
{
    /// <summary>The refresh interval used by the tamper test (production default: 10 s).</summary>
    private static readonly TimeSpan TamperRefresh = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Tampering_with_our_chains_and_sets_is_repaired_within_the_refresh_interval(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { RefreshInterval = TamperRefresh });
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        async Task<string> Ours() => await node.SaveAsync(4) + await node.SaveAsync(6) + await node.SetsAsync();
        var good = await Ours();
        await Task.Delay(TamperRefresh * 4, ct); // the committed state's hash is recorded after a quiet period

        // Someone opens b to everything and deletes a set element.
        await node.RestoreAsync("*filter\n-F cali-tw-" + Node.IfB + "\nCOMMIT\n");
        await node.RunAsync("ipset", ["del", "cali40s:pod-a", "10.65.0.2"]);
        Assert.NotEqual(good, await Ours());
        Assert.True(await Eventually.HoldsAsync(async () => await Ours() == good, TamperRefresh * 5, ct), "not repaired within 5 refresh intervals");
        Assert.False(await node.AllowedAsync("a", "b", "UDP", 54));

        // Removing our hook, or putting another rule ahead of it, is repaired too (the other rule stays).
        await node.RestoreAsync("*filter\n-D FORWARD -j cali-FORWARD\nCOMMIT\n", 6);
        Assert.True(await Eventually.HoldsAsync(async () => await Ours() == good, TamperRefresh * 5, ct), "hook not repaired");
        await node.RestoreAsync("*filter\n-I FORWARD 1 -s 198.51.100.7/32 -j DROP\nCOMMIT\n");
        Assert.True(await Eventually.HoldsAsync(
            async () => (await node.SaveAsync(4)).Contains("-A FORWARD -j cali-FORWARD\n-A FORWARD -s 198.51.100.7/32 -j DROP", StringComparison.Ordinal),
            TamperRefresh * 5,
            ct));
        Assert.True(node.Dataplane.Status.Ready);
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Other_chains_tables_and_sets_are_never_touched_and_nothing_changes_before_the_first_reconcile(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { RefreshInterval = TamperRefresh });
        var ct = TestContext.Current.CancellationToken;
        await node.RunAsync("ipset", ["create", "kube-blocked", "hash:ip"]);
        await node.RunAsync("ipset", ["add", "kube-blocked", "198.51.100.9"]);
        await node.RestoreAsync(
            "*filter\n:KUBE-FIREWALL - [0:0]\n-A KUBE-FIREWALL -m set --match-set kube-blocked src -j DROP\n-A FORWARD -j KUBE-FIREWALL\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n"
            + "*nat\n:KUBE-POSTROUTING - [0:0]\n-A POSTROUTING -j KUBE-POSTROUTING\n-A KUBE-POSTROUTING -s 10.65.0.0/16 -j MASQUERADE\nCOMMIT\n");
        await node.RestoreAsync("*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", 6);
        async Task<string> Everything() => Node.WithoutCounters(await node.RunAsync(Save(backend), [])) + "\n" + Node.WithoutCounters(await node.RunAsync(Save(backend).Replace("iptables", "ip6tables", StringComparison.Ordinal), []))
            + "\n" + string.Join('\n', (await node.RunAsync("ipset", ["save"])).Split('\n').Select(Node.WithoutSeed));
        var before = await Everything();
        await Task.Delay(TamperRefresh * 3, ct);
        Assert.Equal(before, await Everything()); // no reconcile yet

        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointRemovals = Of(EndpointId.Workload("x", "a")) }, ct);
        await node.Dataplane.CheckNowAsync(ct);
        await node.Dataplane.DisposeAsync();
        var after = await Everything();
        Assert.Equal(Foreign(before), Foreign(after));
        Assert.Contains("-A KUBE-POSTROUTING -s 10.65.0.0/16 -j MASQUERADE", after, StringComparison.Ordinal);
        Assert.Contains("add kube-blocked 198.51.100.9", after, StringComparison.Ordinal);
        Assert.Contains("cali-FORWARD", after, StringComparison.Ordinal); // never flushed on stop
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Rejected_transaction_leaves_the_previous_ruleset_and_repeated_failures_report_unready(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend, o => o with { MinRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        async Task<string> Ours() => await node.SaveAsync(4) + await node.SaveAsync(6) + await node.SetsAsync();
        var good = await Ours();

        // A valid endpoint change and set change plus an element ipset cannot store (a named-port member without protocol).
        var bad = new PolicyDelta
        {
            Generation = 2,
            IpSetUpdates = Of(
                new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.4"))), default),
                new IpSetUpdate("n:broken", IpSetKind.NetPort, Of(new IpSetMember(Host("10.65.0.9"))), default)),
            EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")),
        };
        var error = await Assert.ThrowsAsync<DataplaneApplyException>(() => node.Dataplane.ApplyAsync(bad, ct));
        Assert.Contains("ipset", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, await Ours());
        Assert.False(await node.AllowedAsync("a", "c", "TCP", 80)); // c's program was not installed
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // the old ruleset still works
        Assert.Equal(1, node.Dataplane.Status.AppliedGeneration);

        // The background retry keeps failing on the same state: unready after MaxConsecutiveFailures.
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(!node.Dataplane.Status.Ready), TimeSpan.FromSeconds(10), ct));
        Assert.True(node.Dataplane.Status.ConsecutiveFailures >= DataplaneStatus.MaxConsecutiveFailures);
        Assert.NotNull(node.Dataplane.Status.LastError);
        Assert.Equal(good, await Ours());

        // The caller reconciles from a good snapshot: ready again, at the new generation.
        await node.Dataplane.ReconcileAsync(Node.Baseline(3), ct);
        Assert.Equal(new DataplaneStatus(true, true, 3, 0, null), node.Dataplane.Status);
        Assert.Equal(good, await Ours());
    }

    [Fact]
    public async Task Apply_before_reconcile_and_out_of_sequence_deltas_are_refused()
    {
        Requires.Root();
        await using var node = Node.Start(IptablesBackend.Nft);
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 1 }, ct));
        Assert.DoesNotContain("cali", await node.SaveAsync(4), StringComparison.Ordinal);
        await node.Dataplane.ReconcileAsync(Node.Baseline(5), ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 7 }, ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.Dataplane.ApplyAsync(
            new PolicyDelta { Generation = 6, IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, default, Of(new IpSetMember(Host("10.9.9.9"))))) }, ct));
        Assert.Equal(5, node.Dataplane.Status.AppliedGeneration);
        Assert.Equal(0, node.Dataplane.Status.ConsecutiveFailures);
    }

    [Fact]
    public async Task After_a_restart_the_first_sync_removes_only_our_leftovers_including_the_other_backends()
    {
        Requires.Root();
        await using var node = Node.Start(IptablesBackend.Legacy);
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        await node.RestoreAsync("*filter\n:other-chain - [0:0]\n-A other-chain -j ACCEPT\n-A FORWARD -o eth9 -j other-chain\nCOMMIT\n");

        // A new process on the nft backend, with b and its policy gone: legacy leftovers are removed (the other
        // tool's legacy rules stay), and the new tables hold only what the snapshot needs.
        var restarted = await node.RestartAsync(new IptablesDataplaneOptions { Backend = IptablesBackend.Nft });
        var snapshot = Snapshot(2, [], [AllowAll(OpenProfile)], [Workload("a", Node.IfA, "10.65.0.2")]);
        await restarted.ReconcileAsync(snapshot, ct);
        var legacy = await node.SaveAsync(4, IptablesBackend.Legacy);
        Assert.DoesNotContain("cali", legacy, StringComparison.Ordinal);
        Assert.Contains("-A FORWARD -o eth9 -j other-chain", legacy, StringComparison.Ordinal);
        Assert.DoesNotContain("cali", await node.SaveAsync(6, IptablesBackend.Legacy), StringComparison.Ordinal);
        var nft = await node.SaveAsync(4, IptablesBackend.Nft);
        Assert.Contains("cali-tw-" + Node.IfA, nft, StringComparison.Ordinal);
        Assert.DoesNotContain(Node.IfB, nft, StringComparison.Ordinal);
        Assert.DoesNotContain("pod-a", await node.SetsAsync(), StringComparison.Ordinal);
        Assert.True(await node.AllowedAsync("b", "a", "TCP", 80) is false); // b has no program any more: fail closed
    }

    private static string Save(IptablesBackend backend) => backend == IptablesBackend.Legacy ? "iptables-legacy-save" : "iptables-nft-save";

    // Everything that is not ours.
    private static string Foreign(string text) => string.Join('\n', text.Split('\n').Where(l => !l.Contains("cali", StringComparison.Ordinal)));
}
