using System.Text;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Testing.Datastore;

/// <content>Corrupt values, oversized values and keys that would break the layout.</content>
public abstract partial class DatastoreConformanceTests
{
    /// <summary>Names that cannot be keys, and why.</summary>
    public static TheoryData<string> BadNames { get; } = ["a/b", "..", ".", string.Empty, " lead", "tab\tname", "new\nline", "ümlaut", new string('x', 254), "/", "a/../b"];

    /// <summary>Corrupt JSON under a key: get fails naming the key, list reports it beside the good items, watch reports it and goes on, delete removes it.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Corrupt_value_is_reported_without_stopping_anything()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var start = (await store.ListAsync<Tier>(null, TestToken)).Revision;
        await store.CreateAsync(NewTier("good1", 1), TestToken);
        await using var watch = new StreamProbe<WatchEvent>(ct => store.WatchAsync<Tier>(start, ct));
        await WriteRawValueAsync(store, ResourceKinds.Tier, null, "broken", Encoding.UTF8.GetBytes("{\"kind\":\"Tier\", not json"), TestToken);
        await WriteRawValueAsync(store, ResourceKinds.Tier, null, "alien", Encoding.UTF8.GetBytes("{\"apiVersion\":\"projectcalico.org/v3\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"alien\"}}"), TestToken);
        await store.CreateAsync(NewTier("good2", 2), TestToken);

        var get = await Assert.ThrowsAsync<DatastoreDataException>(() => store.GetAsync<Tier>(null, "broken", TestToken));
        Assert.Equal(DataErrorReason.Corrupt, get.Reason);
        Assert.Equal(("Tier", "broken"), (get.Kind, get.Name));
        Assert.Contains("broken", get.Message, StringComparison.Ordinal);

        var list = await store.ListAsync<Tier>(null, TestToken);
        Assert.Equal(["good1", "good2"], list.Items.Select(t => t.Metadata.Name));
        Assert.Equal(["alien", "broken"], list.DecodeFailures.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(list.DecodeFailures, f => Assert.False(string.IsNullOrEmpty(f.Message)));

        var events = await watch.TakeAsync(4);
        Assert.Equal(["Added good1", "DecodeError broken", "DecodeError alien", "Added good2"], events.Select(e => $"{e.Type} {e.Name}"));
        Assert.All(events.Where(e => e.Type == WatchEventType.DecodeError), e => Assert.False(string.IsNullOrEmpty(e.Error)));

        await store.DeleteAsync<Tier>(null, "broken", null, TestToken);
        Assert.Null(await store.GetAsync<Tier>(null, "broken", TestToken));
        Assert.Equal("Deleted broken", (await watch.TakeAsync(1)).Select(e => $"{e.Type} {e.Name}").Single());
    }

    /// <summary>An oversized value is rejected with a clear error and nothing is written.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Oversized_value_is_rejected_and_nothing_is_written()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var big = NewTier("big", 1);
        big.Metadata.Annotations = new Dictionary<string, string> { ["blob"] = new string('x', 3 * 1024 * 1024) };
        var ex = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(big, TestToken));
        Assert.Equal(DataErrorReason.Oversized, ex.Reason);
        Assert.Equal("big", ex.Name);
        Assert.Null(await store.GetAsync<Tier>(null, "big", TestToken));

        var small = await store.CreateAsync(NewTier("grow", 1), TestToken);
        small.Metadata.Annotations = big.Metadata.Annotations;
        Assert.Equal(DataErrorReason.Oversized, (await Assert.ThrowsAsync<DatastoreDataException>(() => store.UpdateAsync(small, TestToken))).Reason);
        Assert.Null((await store.GetAsync<Tier>(null, "grow", TestToken))!.Metadata.Annotations);
    }

    /// <summary>Names that would break the key layout are rejected by every operation, naming the problem; nothing is written.</summary>
    /// <param name="name">The bad name.</param>
    /// <returns>The test.</returns>
    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task Names_that_break_the_key_layout_are_rejected(string name)
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var create = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(NewTier(name), TestToken));
        Assert.Equal(DataErrorReason.InvalidKey, create.Reason);
        Assert.Contains("name", create.Message, StringComparison.Ordinal);
        Assert.Equal(DataErrorReason.InvalidKey, (await Assert.ThrowsAsync<DatastoreDataException>(() => store.GetAsync<Tier>(null, name, TestToken))).Reason);
        Assert.Equal(DataErrorReason.InvalidKey, (await Assert.ThrowsAsync<DatastoreDataException>(() => store.DeleteAsync<Tier>(null, name, null, TestToken))).Reason);
        var ns = await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(NewNetworkSet(name, "ok"), TestToken));
        Assert.Equal(DataErrorReason.InvalidKey, ns.Reason);
        Assert.Empty((await store.ListAsync<Tier>(null, TestToken)).Items);
        Assert.Empty((await store.ListAsync<NetworkSet>(null, TestToken)).Items);
    }

    /// <summary>Scope mismatches and bad continuation tokens are rejected precisely.</summary>
    /// <returns>The test.</returns>
    [Fact]
    public async Task Scope_mismatch_and_bad_continue_token_are_rejected()
    {
        await using var store = await CreateDatastoreAsync(TestToken);
        var tierInNamespace = NewTier("t");
        tierInNamespace.Metadata.Namespace = "ns";
        Assert.Contains("cluster-scoped", (await Assert.ThrowsAsync<DatastoreDataException>(() => store.CreateAsync(tierInNamespace, TestToken))).Message, StringComparison.Ordinal);
        Assert.Contains("namespace is required", (await Assert.ThrowsAsync<DatastoreDataException>(() => store.GetAsync<NetworkSet>(null, "x", TestToken))).Message, StringComparison.Ordinal);
        var token = await Assert.ThrowsAsync<DatastoreDataException>(() => store.ListAsync<Tier>(new ListOptions { Continue = "not-a-token!" }, TestToken));
        Assert.Equal(DataErrorReason.InvalidContinueToken, token.Reason);
    }
}
