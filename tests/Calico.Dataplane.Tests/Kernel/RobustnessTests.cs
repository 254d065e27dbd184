using System.Net;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>Tamper repair, ownership, atomic failure, retries and readiness, against the real kernel.</summary>
public sealed class RobustnessTests
{
    /// <summary>The refresh interval used by the tamper test (production default: 10 s).</summary>
    private static readonly TimeSpan TamperRefresh = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Tampering_with_our_table_is_repaired_within_the_refresh_interval()
    {
        Requires.Root();
        await using var node = Node.Start(o => o with { RefreshInterval = TamperRefresh });
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        var good = await node.ListAsync("table inet calico");
        await Task.Delay(TamperRefresh * 4, ct); // the committed table's hash is recorded after a quiet period

        // Someone opens b to everything and deletes a set element.
        // A repair can finish before a listing process even starts (the rewrite takes milliseconds), so the proof of
        // the repair is the table's kernel handle: a full rewrite re-creates the table.
        var handle = await TableHandleAsync(node, ct);
        await node.NftAsync("flush chain inet calico tw-" + Node.IfB + "\ndelete element inet calico ip4-s-pod-a { 10.65.0.2 }\n");
        var repaired = await Eventually(async () => await node.ListAsync("table inet calico") == good && await TableHandleAsync(node, ct) != handle, TamperRefresh * 4, ct);
        Assert.True(repaired, "the table was not repaired within 4 refresh intervals");
        Assert.False(await node.AllowedAsync("a", "b", "UDP", 54));

        // Deleting the whole table is repaired too.
        await node.NftAsync("delete table inet calico\n");
        Assert.True(await Eventually(async () => await node.ListAsync("table inet calico") == good, TamperRefresh * 4, ct));
        Assert.True(node.Dataplane.Status.Ready);
    }

    private static async Task<string> TableHandleAsync(Node node, CancellationToken ct)
    {
        var listed = await SystemProgram.RunAsync("nft", ["-a", "list", "table", "inet", "calico"], new SystemProgramOptions { Namespace = node.Kernel.Host }, ct);
        var first = listed.StandardOutput.Split('\n')[0];
        return first[(first.IndexOf('#', StringComparison.Ordinal) + 1)..].Trim();
    }

    [Fact]
    public async Task Other_tables_are_never_touched_and_nothing_changes_before_the_first_reconcile()
    {
        Requires.Root();
        await using var node = Node.Start(o => o with { RefreshInterval = TamperRefresh });
        var ct = TestContext.Current.CancellationToken;
        await node.NftAsync(
            "table ip other {\n set s { type ipv4_addr; elements = { 1.2.3.4 } }\n chain c { type filter hook forward priority 10; policy accept;\n ip saddr @s drop\n }\n}\n"
            + "table inet calico-extra {\n chain x { type filter hook input priority 5; policy accept;\n }\n}\n");
        var before = await node.ListAsync("ruleset");
        await Task.Delay(TamperRefresh * 3, ct);
        Assert.Equal(before, await node.ListAsync("ruleset")); // no reconcile yet: nothing changed

        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointRemovals = Of(EndpointId.Workload("x", "a")) }, ct);
        await node.Dataplane.CheckNowAsync(ct);
        var otherAfter = await node.ListAsync("table ip other");
        var extraAfter = await node.ListAsync("table inet calico-extra");
        await node.Dataplane.DisposeAsync();
        Assert.Contains("1.2.3.4", otherAfter, StringComparison.Ordinal);
        Assert.Equal(Section(before, "table ip other"), otherAfter.Trim());
        Assert.Equal(Section(before, "table inet calico-extra"), extraAfter.Trim());
    }

    [Fact]
    public async Task Rejected_transaction_leaves_the_previous_ruleset_and_repeated_failures_report_unready()
    {
        Requires.Root();
        await using var node = Node.Start(o => o with { MinRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100) });
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        var good = await node.ListAsync("table inet calico");

        // A valid endpoint change plus an element nft cannot store (a named-port member without protocol and port).
        var bad = new PolicyDelta
        {
            Generation = 2,
            IpSetUpdates = Of(new IpSetUpdate("n:broken", IpSetKind.NetPort, Of(new IpSetMember(Host("10.65.0.9"))), default)),
            EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")),
        };
        var error = await Assert.ThrowsAsync<DataplaneApplyException>(() => node.Dataplane.ApplyAsync(bad, ct));
        Assert.Contains("previous ruleset is intact", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, await node.ListAsync("table inet calico"));
        Assert.False(await node.AllowedAsync("a", "c", "TCP", 80)); // c's program was not installed
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // the old ruleset still works
        Assert.Equal(1, node.Dataplane.Status.AppliedGeneration);

        // The background retry keeps failing on the same state: unready after MaxConsecutiveFailures.
        Assert.True(await Eventually(() => Task.FromResult(!node.Dataplane.Status.Ready), TimeSpan.FromSeconds(5), ct));
        Assert.True(node.Dataplane.Status.ConsecutiveFailures >= DataplaneStatus.MaxConsecutiveFailures);
        Assert.NotNull(node.Dataplane.Status.LastError);
        Assert.Equal(good, await node.ListAsync("table inet calico"));

        // The caller reconciles from a good snapshot: ready again, at the new generation.
        await node.Dataplane.ReconcileAsync(Node.Baseline(3), ct);
        Assert.Equal(new DataplaneStatus(true, true, 3, 0, null), node.Dataplane.Status);
    }

    [Fact]
    public async Task Apply_before_reconcile_and_out_of_sequence_deltas_are_refused()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 1 }, ct));
        Assert.Equal("<absent>", await node.ListAsync("table inet calico"));
        await node.Dataplane.ReconcileAsync(Node.Baseline(5), ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 7 }, ct));
        Assert.Equal(5, node.Dataplane.Status.AppliedGeneration);
        Assert.Equal(0, node.Dataplane.Status.ConsecutiveFailures);
    }

    private static string Section(string ruleset, string header)
    {
        var start = ruleset.IndexOf(header + " {", StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{header}' not in the ruleset");
        var end = ruleset.IndexOf("\n}", start, StringComparison.Ordinal);
        return ruleset[start..(end + 2)].Trim();
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25, ct);
        }

        return await condition();
    }
}
