using System.Collections.Concurrent;
using System.Diagnostics;
using Calico.Datastore.Etcd;
using Calico.Datastore.Tests.Etcd.Fixture;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Etcd;

/// <summary>
/// etcd is SIGKILLed and restarted while writers and a watch are running: every acknowledged write reads back,
/// every other write was reported as not written (unavailable) or outcome-unknown, nothing reported "not written"
/// exists, and the watch resumes after the restart and delivers each committed write exactly once, in order.
/// </summary>
public sealed class EtcdKillRestartTests(EtcdFixture fixture) : IClassFixture<EtcdFixture>
{
    private enum Outcome
    {
        Acknowledged,
        Unavailable,
        Unknown,
    }

    [Fact]
    public async Task Kill_and_restart_loses_no_acknowledged_write_and_the_watch_resumes()
    {
        var server = fixture.RequireServer();
        await server.ResetAsync();
        var ct = TestContext.Current.CancellationToken;
        var options = server.ClientOptions();
        options.WatchRetryDelay = TimeSpan.FromMilliseconds(50);
        var log = new CapturingLogger();
        await using var store = new EtcdDatastore(options, log);
        var start = (await store.ListAsync(ResourceKinds.Tier, null, ct)).Revision;

        // The watch runs for the whole test and records what it delivers.
        var seen = new ConcurrentQueue<WatchEvent>();
        using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watchTask = Task.Run(
            async () =>
            {
                await foreach (var e in store.WatchAsync(ResourceKinds.Tier, start, stopWatch.Token))
                {
                    seen.Enqueue(e);
                }
            },
            ct);

        // Writers create tiers as fast as they can and record the outcome of every attempt.
        var outcomes = new ConcurrentDictionary<string, (Outcome Outcome, string? Revision)>();
        using var stopWriters = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(
            async () =>
            {
                for (var n = 0; !stopWriters.IsCancellationRequested; n++)
                {
                    var name = $"w{w}-{n:D6}";
                    try
                    {
                        var created = await store.CreateAsync(ResourceKinds.Tier, new Tier { Metadata = { Name = name }, Spec = { Order = n } }, ct);
                        outcomes[name] = (Outcome.Acknowledged, created.Metadata.ResourceVersion);
                    }
                    catch (DatastoreUnavailableException)
                    {
                        outcomes[name] = (Outcome.Unavailable, null);
                        await Task.Delay(10, ct);
                    }
                    catch (DatastoreOutcomeUnknownException)
                    {
                        outcomes[name] = (Outcome.Unknown, null);
                    }
                }
            },
            ct)).ToArray();

        await Task.Delay(700, ct);
        var beforeKill = outcomes.Count;
        var clock = Stopwatch.StartNew();
        await server.KillAsync();
        var killedAt = log.Now;
        await Task.Delay(1000, ct);
        var restartAt = clock.Elapsed;
        await server.RestartAsync();
        var servingAt = clock.Elapsed;

        // Let the writers get through again, then stop them.
        var ackedBeforeRestart = outcomes.Count(o => o.Value.Outcome == Outcome.Acknowledged);
        var resumeDeadline = Stopwatch.StartNew();
        while (outcomes.Count(o => o.Value.Outcome == Outcome.Acknowledged) < ackedBeforeRestart + 200 && resumeDeadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20, ct);
        }

        var firstWriteAfterRestart = clock.Elapsed - servingAt;
        await Task.Delay(300, ct);
        stopWriters.Cancel();
        await Task.WhenAll(writers);

        var acked = outcomes.Where(o => o.Value.Outcome == Outcome.Acknowledged).ToDictionary(o => o.Key, o => o.Value.Revision!);
        var unavailable = outcomes.Where(o => o.Value.Outcome == Outcome.Unavailable).Select(o => o.Key).ToList();
        var unknown = outcomes.Where(o => o.Value.Outcome == Outcome.Unknown).Select(o => o.Key).ToList();
        Assert.True(beforeKill > 50, $"only {beforeKill} writes before the kill");
        Assert.True(acked.Count > ackedBeforeRestart, "no write succeeded after the restart");
        Assert.NotEmpty(unavailable);

        // Truth after the fact: one list of everything.
        var stored = (await store.ListAllAsync(ResourceKinds.Tier, null, ct)).Items.ToDictionary(t => t.Metadata.Name!, t => t.Metadata.ResourceVersion!);
        foreach (var (name, revision) in acked)
        {
            Assert.True(stored.TryGetValue(name, out var actual), $"acknowledged write {name}@{revision} is missing");
            Assert.Equal(revision, actual);
        }

        Assert.All(unavailable, name => Assert.False(stored.ContainsKey(name), $"{name} was reported as not written but exists"));
        Assert.All(stored.Keys, name => Assert.True(outcomes.ContainsKey(name), $"{name} exists but was never attempted"));
        var unknownCommitted = unknown.Count(stored.ContainsKey);

        // The watch resumed after the restart and delivered every committed write exactly once, in order.
        var waitWatch = Stopwatch.StartNew();
        while (seen.Count < stored.Count && waitWatch.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20, ct);
        }

        var events = seen.ToList();
        Assert.Equal(stored.Keys.Order(StringComparer.Ordinal), events.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.All(events, e => Assert.Equal(stored[e.Name], e.Revision));
        var revisions = events.Select(e => long.Parse(e.Revision, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(revisions.Order(), revisions);
        var resumed = log.FirstAfter(killedAt, "resumed");
        Assert.NotNull(resumed);

        stopWatch.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watchTask);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill/restart: attempts={outcomes.Count} acknowledged={acked.Count} (all read back) unavailable={unavailable.Count} (none stored) " +
            $"outcome-unknown={unknown.Count} (committed {unknownCommitted}); etcd down {restartAt.TotalMilliseconds:F0} ms, " +
            $"serving {servingAt.TotalMilliseconds - restartAt.TotalMilliseconds:F0} ms after restart; 200 writes acknowledged {firstWriteAfterRestart.TotalMilliseconds:F0} ms after serving; " +
            $"watch resumed {(resumed!.Value - killedAt).TotalMilliseconds:F0} ms after the kill; watch events={events.Count} (= stored {stored.Count})");
    }
}
