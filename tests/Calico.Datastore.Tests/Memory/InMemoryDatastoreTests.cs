using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Datastore.Tests.Memory;

/// <summary>Behaviour specific to the in-memory store: the history window.</summary>
public sealed class InMemoryDatastoreTests
{
    [Fact]
    public async Task History_window_compacts_old_revisions()
    {
        await using var store = new InMemoryDatastore(new InMemoryDatastoreOptions { HistoryWindow = 10 });
        var ct = TestContext.Current.CancellationToken;
        var first = await store.CreateAsync(new Tier { Metadata = { Name = "t0" } }, ct);
        for (var i = 1; i < 30; i++)
        {
            await store.CreateAsync(new Tier { Metadata = { Name = $"t{i}" } }, ct);
        }

        var ex = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var e in store.WatchAsync<Tier>(first.Metadata.ResourceVersion, ct))
            {
                Assert.Fail($"No event expected from a compacted revision, got {e}");
            }
        });
        Assert.Equal(first.Metadata.ResourceVersion, ex.RequestedRevision);
        Assert.Contains("compacted", ex.Message, StringComparison.Ordinal);

        // The last 10 changes are still there.
        var recent = new List<WatchEvent>();
        await foreach (var e in store.WatchAsync<Tier>("20", ct))
        {
            recent.Add(e);
            if (recent.Count == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(20, 10).Select(i => $"t{i}"), recent.Select(e => e.Name));
    }

    [Fact]
    public async Task Watch_ends_when_the_store_is_disposed()
    {
        var store = new InMemoryDatastore();
        var ct = TestContext.Current.CancellationToken;
        var watching = Task.Run(
            async () =>
            {
                var count = 0;
                await foreach (var unused in store.WatchAsync<Tier>(null, ct))
                {
                    count++;
                }

                return count;
            },
            ct);
        await Task.Delay(50, ct);
        await store.DisposeAsync();
        Assert.Equal(0, await watching.WaitAsync(TimeSpan.FromSeconds(5), ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync<Tier>(null, "x", ct));
    }

    [Fact]
    public async Task Watch_rejects_a_revision_it_cannot_parse()
    {
        await using var store = new InMemoryDatastore();
        var ex = Assert.Throws<ArgumentException>(() => store.WatchAsync(ResourceKinds.Tier, "abc", TestContext.Current.CancellationToken));
        Assert.Contains("'abc'", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
