using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Testing.Datastore;
using Xunit;

namespace Calico.Datastore.Tests;

/// <summary>The generic sync helper: retries of transient failures, surfacing of permanent ones, argument checks.</summary>
public sealed class DatastoreSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unavailable_list_and_watch_are_retried_and_nothing_is_lost()
    {
        await using var inner = new InMemoryDatastore();
        await inner.CreateAsync(new Tier { Metadata = { Name = "a" } }, Ct);
        var flaky = new FlakyDatastore(inner) { ListFailures = 2, WatchFailures = 2 };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        await foreach (var e in DatastoreSync.RunAsync(flaky, [ResourceKinds.Tier], cts.Token))
        {
            seen.Add(e.Change is { } c ? $"{c.Type} {c.Name}" : e.Type.ToString());
            if (e.Type == SyncEventType.InSync)
            {
                await inner.CreateAsync(new Tier { Metadata = { Name = "b" } }, Ct);
            }

            if (seen.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["Added a", "InSync", "Added b"], seen);
        Assert.Equal(0, flaky.ListFailures);
        Assert.Equal(0, flaky.WatchFailures);
    }

    [Fact]
    public async Task A_permanent_failure_ends_the_sync_with_that_error()
    {
        await using var inner = new InMemoryDatastore();
        var broken = new FlakyDatastore(inner) { WatchError = new InvalidOperationException("watch broke") };
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in DatastoreSync.RunAsync(broken, [ResourceKinds.Tier], Ct))
            {
                // Drain until the error.
            }
        });
        Assert.Equal("watch broke", ex.Message);
    }

    [Fact]
    public async Task Kinds_are_checked()
    {
        await using var store = new InMemoryDatastore();
        Assert.Throws<ArgumentException>(() => DatastoreSync.RunAsync(store, [], Ct));
        Assert.Contains("listed twice", Assert.Throws<ArgumentException>(() => DatastoreSync.RunAsync(store, [ResourceKinds.Tier, ResourceKinds.Tier], Ct)).Message, StringComparison.Ordinal);
    }

    /// <summary>Fails the first list and watch calls as unavailable, or every watch with a given error.</summary>
    private sealed class FlakyDatastore(IDatastore inner) : IDatastore
    {
        public int ListFailures { get; set; }

        public int WatchFailures { get; set; }

        public Exception? WatchError { get; init; }

        public Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default) => inner.GetAsync(kind, @namespace, name, cancellationToken);

        public Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (ListFailures > 0)
            {
                ListFailures--;
                throw new DatastoreUnavailableException("list: connection refused");
            }

            return inner.ListAsync(kind, options, cancellationToken);
        }

        public Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) => inner.CreateAsync(kind, resource, cancellationToken);

        public Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) => inner.UpdateAsync(kind, resource, cancellationToken);

        public Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(kind, @namespace, name, expectedRevision, cancellationToken);

        public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default)
        {
            if (WatchError is not null)
            {
                throw WatchError;
            }

            if (WatchFailures > 0)
            {
                WatchFailures--;
                throw new DatastoreUnavailableException("watch: connection reset");
            }

            return inner.WatchAsync(kind, afterRevision, cancellationToken);
        }

        public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) => DatastoreSync.RunAsync(this, kinds, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
