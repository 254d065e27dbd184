using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Watch ordering, resume and compaction.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>A watch from a list's revision delivers adds, modifies and deletes in order, with their revisions.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Watch_delivers_changes_in_order_with_their_revisions()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        await store.CreateAsync(NewTier("before", 1), TestToken);
        var list = await store.ListAsync<Tier>(null, TestToken);
        await using var watch = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(list.Revision, ct));

        var a = await store.CreateAsync(NewTier("a", 1), TestToken);
        var b = await store.CreateAsync(NewTier("b", 2), TestToken);
        await store.CreateAsync(NewNetworkSet("ns", "other"), TestToken);
        a.Spec.Order = 10;
        var a2 = await store.UpdateAsync(a, TestToken);
        await store.DeleteAsync<Tier>(null, "b", null, TestToken);
        await store.DeleteAsync<Tier>(null, "before", null, TestToken);

        var events = await watch.TakeAsync(5);
        Assert.Equal(
            ["Added a", "Added b", "Modified a", "Deleted b", "Deleted before"],
            events.Select(e => $"{e.Type} {e.Name}"));
        Assert.Equal(a.Metadata.ResourceVersion, events[0].Revision);
        Assert.Equal(b.Metadata.ResourceVersion, events[1].Revision);
        Assert.Equal(a2.Metadata.ResourceVersion, events[2].Revision);
        Assert.Equal(10, ((Tier)events[2].Object!).Spec.Order);
        Assert.Equal(a2.Metadata.ResourceVersion, events[2].Object!.Metadata.ResourceVersion);
        Assert.All(events, e => Assert.Same(ResourceKinds.Tier, e.Kind));
        Assert.Equal(events.Count, events.Select(e => e.Revision).Distinct().Count());
        await watch.AssertQuietAsync(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A watch from now (null) only sees later changes.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Watch_from_now_sees_only_later_changes()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        await store.CreateAsync(NewTier("old", 1), TestToken);
        await using var watch = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(null, ct));
        await store.CreateAsync(NewTier("new", 1), TestToken);
        var events = await watch.TakeAsync(1);
        Assert.Equal("new", events[0].Name);
        Assert.Equal(WatchEventType.Added, events[0].Type);
    }

    /// <summary>Resuming from the revision of the last handled event neither loses nor repeats events.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Watch_resume_from_revision_neither_loses_nor_repeats()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var start = (await store.ListAsync<Tier>(null, TestToken)).Revision;
        var written = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            written.Add((await store.CreateAsync(NewTier($"t{i:D2}", i), TestToken)).Metadata.ResourceVersion!);
        }

        string resumeAt;
        await using (var first = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(start, ct)))
        {
            var part = await first.TakeAsync(7);
            resumeAt = part[^1].Revision;
            Assert.Equal(written.Take(7), part.Select(e => e.Revision));
        }

        // Writes made while no watch is open must still be delivered on resume.
        for (var i = 20; i < 25; i++)
        {
            written.Add((await store.CreateAsync(NewTier($"t{i:D2}", i), TestToken)).Metadata.ResourceVersion!);
        }

        await using var resumed = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(resumeAt, ct));
        var rest = await resumed.TakeAsync(18);
        Assert.Equal(written.Skip(7), rest.Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(7, 18).Select(i => $"t{i:D2}"), rest.Select(e => e.Name));
        await resumed.AssertQuietAsync(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A watch from a compacted revision is a distinct signal; re-listing and watching from the list recovers.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Watch_from_compacted_revision_signals_and_relist_recovers()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var old = (await store.ListAsync<Tier>(null, TestToken)).Revision;
        await store.CreateAsync(NewTier("x", 1), TestToken);
        await store.CreateAsync(NewTier("y", 1), TestToken);
        await store.DeleteAsync<Tier>(null, "x", null, TestToken);
        await CompactAsync(store, TestToken);

        await using (var stale = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(old, ct)))
        {
            var failure = await stale.FailureAsync();
            var compacted = Assert.IsType<RevisionCompactedException>(failure);
            Assert.Equal(old, compacted.RequestedRevision);
        }

        await using (var fromStart = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(DatastoreRevision.Beginning, ct)))
        {
            Assert.IsType<RevisionCompactedException>(await fromStart.FailureAsync());
        }

        var relist = await store.ListAsync<Tier>(null, TestToken);
        Assert.Equal(["y"], relist.Items.Select(t => t.Metadata.Name));
        await using var watch = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(relist.Revision, ct));
        await store.CreateAsync(NewTier("z", 1), TestToken);
        var events = await watch.TakeAsync(1);
        Assert.Equal("Added z", $"{events[0].Type} {events[0].Name}");
    }

    /// <summary>Several watchers of one kind all see the same sequence; a watch of another kind sees none of it.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Concurrent_watchers_see_the_same_sequence_and_kinds_are_separate()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var start = (await store.ListAsync<Tier>(null, TestToken)).Revision;
        var watchers = Enumerable.Range(0, 3).Select(_ => new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(start, ct))).ToList();
        await using var otherKind = new StreamProbe<WatchEvent>(ct => store.WatchAsync<GlobalNetworkSet>(start, ct));
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(
                async () =>
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await store.CreateAsync(NewTier($"w{w}-{i}", i), TestToken);
                    }
                },
                TestToken)));
            var sequences = new List<List<string>>();
            foreach (var watcher in watchers)
            {
                sequences.Add((await watcher.TakeAsync(40)).Select(e => e.Revision + " " + e.Name).ToList());
            }

            Assert.All(sequences, s => Assert.Equal(sequences[0], s));
            Assert.Equal(40, sequences[0].Distinct().Count());
            await otherKind.AssertQuietAsync(TimeSpan.FromMilliseconds(100));
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
    }
}
