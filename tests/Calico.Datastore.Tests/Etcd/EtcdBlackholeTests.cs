using System.Diagnostics;
using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>
/// etcd's veth is black-holed with nft (packets dropped, no RST): the store's HTTP/2 keep-alive (5 s delay + 3 s
/// timeout, the defaults) must declare the connection dead within 10 s, both for the watch and for a write in
/// flight; writes while the path is down fail as unavailable or outcome-unknown, and after the path is restored
/// the watch resumes and delivers everything.
/// </summary>
public sealed class EtcdBlackholeTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Black_holed_connection_is_detected_within_10_seconds_and_recovers()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        var ct = TestContext.Current.CancellationToken;
        var options = server.ClientOptions();
        options.WatchRetryDelay = TimeSpan.FromMilliseconds(200);
        var log = new CapturingLogger();
        await using var store = new EtcdDatastore(options, log);
        var start = (await store.ListAsync(ResourceKinds.Tier, null, ct)).Revision;
        // The consumer waits on the watch all the time, as a real one does.
        var events = new System.Collections.Concurrent.ConcurrentQueue<WatchEvent>();
        using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watchTask = Task.Run(
            async () =>
            {
                await foreach (var e in store.WatchAsync(ResourceKinds.Tier, start, stopWatch.Token))
                {
                    events.Enqueue(e);
                }
            },
            ct);
        await store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = "before" } }, ct);
        await WaitForAsync(() => events.Count == 1, ct);

        await server.BlackholeAsync();
        var cut = log.Now;

        // A write sent into the black hole: its reply can never come, so it must end as outcome-unknown, and
        // because the keep-alive kills the connection, before its own 10 s deadline.
        var writeClock = Stopwatch.StartNew();
        var lost = await Assert.ThrowsAsync<DatastoreOutcomeUnknownException>(
            () => store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = "into-the-void" } }, ct));
        var writeDetected = writeClock.Elapsed;
        var watchDetected = await WaitForLogAsync(log, cut, "interrupted", ct) - cut;

        // While the path is down, a new write cannot even connect: refused before sending, nothing written.
        var refusedClock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<DatastoreUnavailableException>(
            () => store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = "refused" } }, ct));
        var refusedAfter = refusedClock.Elapsed;

        await server.RestoreNetworkAsync();
        var restored = log.Now;
        var after = await RetryAsync(() => store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = "after" } }, ct), ct);
        await WaitForAsync(() => events.Any(e => e.Name == "after"), ct);
        stopWatch.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watchTask);

        var resumed = log.FirstAfter(restored, "resumed");
        Assert.Null(await store.GetAsync(ResourceKinds.Tier, null, "refused", ct));
        var voidCommitted = await store.GetAsync(ResourceKinds.Tier, null, "into-the-void", ct) is not null;
        Assert.Equal(voidCommitted ? ["before", "into-the-void", "after"] : ["before", "after"], events.Select(e => e.Name));
        Assert.Equal(after.Metadata.ResourceVersion, events.Last().Revision);
        Assert.Equal("create", lost.Operation);
        Assert.True(writeDetected < Bound, $"write in flight took {writeDetected} to fail");
        Assert.True(watchDetected < Bound, $"watch took {watchDetected} to notice");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"black-hole (keep-alive {options.KeepAlivePingDelay.TotalSeconds} s + {options.KeepAlivePingTimeout.TotalSeconds} s, connect timeout {options.ConnectTimeout.TotalSeconds} s): " +
            $"in-flight write failed as outcome-unknown after {writeDetected.TotalMilliseconds:F0} ms; watch noticed after {watchDetected.TotalMilliseconds:F0} ms; " +
            $"new write refused as unavailable after {refusedAfter.TotalMilliseconds:F0} ms; after restore the watch resumed " +
            $"{(resumed is { } r ? (r - restored).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " ms" : "(no reconnect needed)")} later; lost write committed: {voidCommitted}");
    }

    private static async Task<TimeSpan> WaitForLogAsync(CapturingLogger log, TimeSpan since, string text, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (log.FirstAfter(since, text) is { } at)
            {
                return at;
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"no '{text}' log entry");
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "condition not reached in 30 s");
            await Task.Delay(20, ct);
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await action();
            }
            catch (DatastoreUnavailableException) when (i < 100)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
