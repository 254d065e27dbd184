using Calico.Datastore.Sqlite;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Datastore.Tests.Sqlite;

/// <summary>The SQLite store's native multi-kind sync: one reader for all kinds, global order, real compaction.</summary>
public sealed class SqliteSyncTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Changes_of_all_kinds_come_in_revision_order_and_other_kinds_are_left_out()
    {
        await using var store = Open();
        await store.CreateAsync(Tier("t0"), Ct);
        await using var sync = store.SyncAsync([ResourceKinds.Tier, ResourceKinds.NetworkSet], Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(["Added Tier t0", "InSync"], await TakeAsync(sync, 2));

        await store.CreateAsync(NetworkSet("a"), Ct);
        await store.CreateAsync(new Profile { Metadata = { Name = "not-synced" } }, Ct);
        await store.CreateAsync(Tier("t1"), Ct);
        await store.DeleteAsync<NetworkSet>("ns", "a", null, Ct);
        await store.DeleteAsync<Tier>(null, "t0", null, Ct);
        Assert.Equal(["Added NetworkSet ns/a", "Added Tier t1", "Deleted NetworkSet ns/a", "Deleted Tier t0"], await TakeAsync(sync, 4));
    }

    [Fact]
    public async Task After_a_compaction_the_sync_yields_resync_exactly_the_difference_and_in_sync()
    {
        await using var store = Open();
        await store.CreateAsync(Tier("keep"), Ct);
        await store.CreateAsync(Tier("change"), Ct);
        await store.CreateAsync(Tier("drop"), Ct);
        await store.CreateAsync(NetworkSet("same"), Ct);
        await using var sync = store.SyncAsync([ResourceKinds.Tier, ResourceKinds.NetworkSet], Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(5, (await TakeAsync(sync, 5)).Count);

        // The consumer does not read while these land and the history is dropped: its position is compacted away.
        var change = (await store.GetAsync<Tier>(null, "change", Ct))!;
        change.Spec.Order = 9;
        var changed = await store.UpdateAsync(change, Ct);
        await store.DeleteAsync<Tier>(null, "drop", null, Ct);
        await store.CreateAsync(Tier("new"), Ct);
        await store.CompactAsync(Ct);

        var resync = await TakeAsync(sync, 5);
        Assert.Equal("Resync", resync[0]);
        Assert.Equal(["Added Tier new", "Deleted Tier drop", "Modified Tier change"], resync[1..4].Order(StringComparer.Ordinal));
        Assert.Equal("InSync", resync[4]);

        // Changes flow again from the compacted position.
        await store.DeleteAsync<Tier>(null, "keep", null, Ct);
        Assert.Equal(["Deleted Tier keep"], await TakeAsync(sync, 1));
        Assert.Equal(changed.Metadata.ResourceVersion, (await store.GetAsync<Tier>(null, "change", Ct))!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task More_changes_than_one_read_returns_all_arrive_in_order()
    {
        await using var store = Open();
        await using var sync = store.SyncAsync([ResourceKinds.Tier], Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(["InSync"], await TakeAsync(sync, 1));

        const int Count = 1_100; // more than one read's batch of 1,000
        for (var i = 0; i < Count; i++)
        {
            await store.CreateAsync(Tier($"t{i:D4}"), Ct);
        }

        var names = await TakeAsync(sync, Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"Added Tier t{i:D4}"), names);
    }

    [Fact]
    public async Task Disposing_the_store_ends_the_sync()
    {
        var store = Open();
        await using var sync = store.SyncAsync([ResourceKinds.Tier], Ct).GetAsyncEnumerator(Ct);
        Assert.Equal(["InSync"], await TakeAsync(sync, 1));
        var next = sync.MoveNextAsync().AsTask();
        await store.DisposeAsync();
        Assert.False(await next.WaitAsync(Wait, Ct));
    }

    [Fact]
    public async Task Bad_kind_lists_are_refused_before_any_read()
    {
        await using var store = Open();
        Assert.Throws<ArgumentException>(() => store.SyncAsync([], Ct));
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => store.SyncAsync([ResourceKinds.Tier, ResourceKinds.Tier], Ct)).Message, StringComparison.Ordinal);
    }

    private SqliteDatastore Open() => new(new SqliteDatastoreOptions { Path = database.Path });

    private static Tier Tier(string name) => new() { Metadata = { Name = name }, Spec = { Order = 1 } };

    private static NetworkSet NetworkSet(string name) => new() { Metadata = { Name = name, Namespace = "ns" }, Spec = { Nets = ["10.0.0.0/24"] } };

    private static async Task<List<string>> TakeAsync(IAsyncEnumerator<SyncEvent> sync, int count)
    {
        var taken = new List<string>(count);
        while (taken.Count < count)
        {
            Assert.True(await sync.MoveNextAsync().AsTask().WaitAsync(Wait, Ct), "the sync ended");
            var e = sync.Current;
            taken.Add(e.Change is { } c ? $"{c.Type} {c.Kind.Kind} {(c.Namespace is null ? c.Name : c.Namespace + "/" + c.Name)}" : e.Type.ToString());
        }

        return taken;
    }
}
