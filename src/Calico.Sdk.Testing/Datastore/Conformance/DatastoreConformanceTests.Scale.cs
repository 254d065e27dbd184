using System.Diagnostics;
using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Many objects: list, consistent paging, watch from the beginning.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>
    /// 10,000 objects in four namespaces: one list returns all in key order; paging while the data changes returns
    /// exactly the state at the first page's revision; namespace and prefix filters; a watch from the beginning
    /// replays every create in revision order.
    /// </summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Many_objects_list_page_consistently_and_watch_from_the_beginning()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var count = LargeObjectCount;
        var clock = Stopwatch.StartNew();
        var revisions = new string[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestToken },
            async (i, ct) =>
            {
                var set = NewNetworkSet($"ns{i % 4}", $"set-{i:D5}", $"10.{i / 256 % 256}.{i % 256}.0/24");
                revisions[i] = (await store.CreateAsync(set, ct)).Metadata.ResourceVersion!;
            });
        var created = clock.Elapsed;

        var whole = await store.ListAsync<NetworkSet>(null, TestToken);
        Assert.Equal(count, whole.Items.Count);
        Assert.Null(whole.Continue);
        var keys = whole.Items.Select(s => s.Metadata.Namespace + "/" + s.Metadata.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);

        // Page through while another writer changes the data: pages stay at the first page's revision.
        var paged = new List<NetworkSet>();
        var options = new ListOptions { Limit = 1000 };
        var pages = 0;
        string? firstRevision = null;
        do
        {
            var page = await store.ListAsync<NetworkSet>(options, TestToken);
            firstRevision ??= page.Revision;
            Assert.Equal(firstRevision, page.Revision);
            Assert.True(page.Items.Count <= 1000);
            paged.AddRange(page.Items);
            options = options with { Continue = page.Continue };
            if (pages++ == 0)
            {
                await store.DeleteAsync<NetworkSet>("ns3", $"set-{count - 1:D5}", null, TestToken);
                await store.CreateAsync(NewNetworkSet("ns0", "set-zzzzz"), TestToken);
                var changed = (await store.GetAsync<NetworkSet>("ns2", $"set-{count - 2:D5}", TestToken))!;
                changed.Spec.Nets = ["192.168.0.0/16"];
                await store.UpdateAsync(changed, TestToken);
            }
        }
        while (options.Continue is not null);

        Assert.Equal(keys, paged.Select(s => s.Metadata.Namespace + "/" + s.Metadata.Name));
        Assert.Equal(whole.Items.Select(s => s.Metadata.ResourceVersion), paged.Select(s => s.Metadata.ResourceVersion));
        Assert.Equal(count / 1000 + (count % 1000 == 0 ? 0 : 1), pages);

        var ns1 = await store.ListAsync<NetworkSet>(new ListOptions { Namespace = "ns1" }, TestToken);
        Assert.Equal(count / 4, ns1.Items.Count);
        Assert.All(ns1.Items, s => Assert.Equal("ns1", s.Metadata.Namespace));
        var prefixed = await store.ListAsync<NetworkSet>(new ListOptions { Namespace = "ns0", NamePrefix = "set-000" }, TestToken);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 4 == 0).Select(i => $"set-{i:D5}"), prefixed.Items.Select(s => s.Metadata.Name));

        clock.Restart();
        await using var watch = new StreamProbe<WatchEvent>(ct => store.WatchAsync<NetworkSet>(DatastoreRevision.Beginning, ct));
        var replay = await watch.TakeAsync(count);
        Assert.All(replay, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(revisions.ToHashSet(), replay.Select(e => e.Revision).ToHashSet());
        Assert.Equal(count, replay.Select(e => e.Namespace + "/" + e.Name).Distinct().Count());
        var tail = await watch.TakeAsync(3);
        Assert.Equal(["Deleted", "Added", "Modified"], tail.Select(e => e.Type.ToString()));
        TestContext.Current.TestOutputHelper?.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"{count} creates in {created.TotalMilliseconds:F0} ms; watch replay in {clock.Elapsed.TotalMilliseconds:F0} ms."));
    }
}
