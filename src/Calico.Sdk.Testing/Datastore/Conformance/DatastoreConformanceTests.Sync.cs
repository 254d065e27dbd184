using System.Text;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Multi-kind sync: snapshot, in-sync, changes, resync.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>A sync over two kinds yields the snapshot of both (with decode errors), one InSync, then changes in order.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Sync_yields_snapshot_then_in_sync_then_changes()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        await store.CreateAsync(NewTier("t1", 1), TestToken);
        await store.CreateAsync(NewTier("t2", 2), TestToken);
        await store.CreateAsync(NewNetworkSet("ns", "n1"), TestToken);
        await WriteRawValueAsync(store, ResourceKinds.NetworkSet, "ns", "bad", Encoding.UTF8.GetBytes("[1,2"), TestToken);

        await using var sync = new StreamProbe<SyncEvent>(ct => store.SyncAsync([ResourceKinds.Tier, ResourceKinds.NetworkSet], ct));
        var snapshot = await sync.TakeUntilAsync(e => e.Type == SyncEventType.InSync);
        // Order across kinds is the backend's; the set of snapshot items is fixed, and InSync comes last.
        Assert.Equal(
            ["Added NetworkSet ns/n1", "Added Tier t1", "Added Tier t2", "DecodeError NetworkSet ns/bad"],
            snapshot.Take(snapshot.Count - 1).Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(SyncEventType.InSync, snapshot[^1].Type);
        Assert.Equal(5, snapshot.Count);

        var t1 = (await store.GetAsync<Tier>(null, "t1", TestToken))!;
        t1.Spec.Order = 5;
        await store.UpdateAsync(t1, TestToken);
        await store.DeleteAsync<NetworkSet>("ns", "n1", null, TestToken);
        await store.CreateAsync(NewTier("t3", 3), TestToken);
        var changes = await sync.TakeAsync(3);
        Assert.Equal(["Added Tier t3", "Deleted NetworkSet ns/n1", "Modified Tier t1"], changes.Select(Describe).Order(StringComparer.Ordinal));
        var tierChanges = changes.Where(c => c.Change!.Kind == ResourceKinds.Tier).Select(Describe).ToList();
        Assert.Equal(["Modified Tier t1", "Added Tier t3"], tierChanges);
        await sync.AssertQuietAsync(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// When a watch inside the sync hits a compacted revision, the sync lists again, yields Resync, exactly the
    /// difference, and InSync; applying every event gives the store's state.
    /// </summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Sync_resyncs_after_compaction_and_converges()
    {
        await using var inner = await CreateDatastoreAsync(TestToken);
        var store = new CompactionInjectingDatastore(inner);
        await store.CreateAsync(NewTier("keep", 1), TestToken);
        await store.CreateAsync(NewTier("change", 1), TestToken);
        await store.CreateAsync(NewTier("drop", 1), TestToken);
        await using var sync = new StreamProbe<SyncEvent>(ct => store.SyncAsync([ResourceKinds.Tier], ct));
        var state = new Dictionary<string, string>();
        Apply(state, await sync.TakeUntilAsync(e => e.Type == SyncEventType.InSync));
        Assert.Equal(3, state.Count);

        // Changes happen while the watch is "behind": either the backend's own compaction or the injected failure
        // (for backends whose established watches survive compaction) makes the sync's watch fail as compacted.
        store.FailNextWatchEvent = true;
        var change = (await store.GetAsync<Tier>(null, "change", TestToken))!;
        change.Spec.Order = 9;
        await store.UpdateAsync(change, TestToken);
        await store.DeleteAsync<Tier>(null, "drop", null, TestToken);
        await store.CreateAsync(NewTier("new", 1), TestToken);
        await CompactAsync(inner, TestToken);

        var resync = await sync.TakeUntilAsync(e => e.Type == SyncEventType.InSync);
        Assert.Equal(SyncEventType.Resync, resync[0].Type);
        Assert.DoesNotContain(resync, e => e.Change?.Name == "keep");
        Apply(state, resync);

        // Whatever the sync's relist caught, applying everything (plus any later changes) converges.
        var expected = (await store.ListAsync<Tier>(null, TestToken)).Items.ToDictionary(t => t.Metadata.Name!, t => t.Metadata.ResourceVersion!);
        while (!expected.OrderBy(kv => kv.Key).SequenceEqual(state.OrderBy(kv => kv.Key)))
        {
            Apply(state, await sync.TakeAsync(1));
        }

        Assert.Equal(["change", "keep", "new"], state.Keys.Order(StringComparer.Ordinal));
    }

    private static void Apply(Dictionary<string, string> state, IEnumerable<SyncEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Change is not { } c)
            {
                continue;
            }

            var key = c.Namespace is null ? c.Name : c.Namespace + "/" + c.Name;
            switch (c.Type)
            {
                case WatchEventType.Added:
                    Assert.False(state.ContainsKey(key), $"Added for a key the consumer already has: {c}");
                    state[key] = c.Revision;
                    break;
                case WatchEventType.Modified:
                    Assert.True(state.ContainsKey(key), $"Modified for a key the consumer does not have: {c}");
                    state[key] = c.Revision;
                    break;
                case WatchEventType.Deleted:
                    Assert.True(state.Remove(key), $"Deleted for a key the consumer does not have: {c}");
                    break;
                default:
                    state[key] = c.Revision;
                    break;
            }
        }
    }

    private static string Describe(SyncEvent e) =>
        e.Change is { } c ? $"{c.Type} {c.Kind.Kind} {(c.Namespace is null ? c.Name : c.Namespace + "/" + c.Name)}" : e.Type.ToString();
}
