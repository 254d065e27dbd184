using System.Runtime.CompilerServices;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>
/// Wraps a store so that a test can make the next watch event fail as "compacted", as when a watcher falls behind
/// compaction; the sync runs the generic <see cref="DatastoreSync"/> over the wrapped store's list and watch.
/// </summary>
internal sealed class CompactionInjectingDatastore(IDatastore inner) : IDatastore
{
    private int failNext;

    /// <summary>Whether the next event any watch receives is turned into <see cref="RevisionCompactedException"/>.</summary>
    internal bool FailNextWatchEvent
    {
        get => Volatile.Read(ref failNext) == 1;
        set => Volatile.Write(ref failNext, value ? 1 : 0);
    }

    public Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default) =>
        inner.GetAsync(kind, @namespace, name, cancellationToken);

    public Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.ListAsync(kind, options, cancellationToken);

    public Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(kind, resource, cancellationToken);

    public Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(kind, resource, cancellationToken);

    public Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(kind, @namespace, name, expectedRevision, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default) =>
        Wrap(inner.WatchAsync(kind, afterRevision, cancellationToken), kind, cancellationToken);

    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        DatastoreSync.RunAsync(this, kinds, cancellationToken);

    // The inner store belongs to the test, which disposes it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async IAsyncEnumerable<WatchEvent> Wrap(IAsyncEnumerable<WatchEvent> events, ResourceKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Interlocked.Exchange(ref failNext, 0) == 1)
            {
                throw new RevisionCompactedException(kind.Kind, e.Revision, null);
            }

            yield return e;
        }
    }
}
