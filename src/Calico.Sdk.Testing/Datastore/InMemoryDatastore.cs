using System.Globalization;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>
/// A complete in-process <see cref="IDatastore"/> for unit tests: global integer revisions, compare-and-swap,
/// consistent paging, watches with a bounded history window (so compaction can be tested), and test hooks to
/// write undecodable values and to compact. It passes <see cref="DatastoreConformanceTests"/>.
/// </summary>
/// <remarks>Values are kept encoded, so no instance is ever shared between the store and its callers.</remarks>
public sealed partial class InMemoryDatastore : IDatastore
{
    private readonly Lock gate = new();
    private readonly InMemoryDatastoreOptions options;
    private readonly Dictionary<ResourceKind, SortedDictionary<string, MemoryEntry>> items = [];
    private readonly List<MemoryChange> history = [];
    private TaskCompletionSource changed = NewSignal();
    private long revision;
    private long compactedRevision;
    private bool disposed;

    /// <summary>Creates an empty store with default options.</summary>
    public InMemoryDatastore()
        : this(new InMemoryDatastoreOptions())
    {
    }

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">History window, value size limit and clock.</param>
    public InMemoryDatastore(InMemoryDatastoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryWindow, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxValueBytes, 1, nameof(options));
        this.options = options;
    }

    /// <summary>The revision of the last committed write ("0" when empty).</summary>
    public string CurrentRevision
    {
        get
        {
            lock (gate)
            {
                return Format(revision);
            }
        }
    }

    /// <summary>Drops all history up to the current revision: watches and list continuations from older revisions are compacted.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedRevision = revision;
        }
    }

    /// <summary>Stores raw bytes under a key, as a broken or foreign writer would (no validation of the value).</summary>
    /// <param name="kind">The kind of the key.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="value">The bytes to store.</param>
    /// <returns>The revision of the write.</returns>
    public string WriteRawValue(ResourceKind kind, string? @namespace, string name, ReadOnlySpan<byte> value)
    {
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        var bytes = value.ToArray();
        lock (gate)
        {
            ThrowIfDisposed();
            var table = Table(kind);
            var key = Key(ns, name);
            table.TryGetValue(key, out var previous);
            return Format(Commit(kind, table, key, ns, name, bytes, previous));
        }
    }

    /// <inheritdoc />
    public Task<Resource?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        cancellationToken.ThrowIfCancellationRequested();
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        MemoryEntry? entry;
        lock (gate)
        {
            ThrowIfDisposed();
            Table(kind).TryGetValue(Key(ns, name), out entry);
        }

        return Task.FromResult(entry is null ? null : ResourceCodec.Decode(kind, entry.Value, ns, name, Format(entry.ModRevision)));
    }

    /// <inheritdoc />
    public Task<Resource> CreateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        var stored = ResourceCodec.PrepareCreate(kind, resource, options.TimeProvider);
        var bytes = ResourceCodec.Encode(kind, stored, options.MaxValueBytes);
        var ns = stored.Metadata.Namespace;
        var name = stored.Metadata.Name!;
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfDisposed();
            var table = Table(kind);
            var key = Key(ns, name);
            if (table.ContainsKey(key))
            {
                throw new ResourceAlreadyExistsException(kind.Kind, ns, name);
            }

            stored.Metadata.ResourceVersion = Format(Commit(kind, table, key, ns, name, bytes, null));
        }

        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task<Resource> UpdateAsync(ResourceKind kind, Resource resource, CancellationToken cancellationToken = default)
    {
        var stored = ResourceCodec.PrepareUpdate(kind, resource, out var expected);
        var bytes = ResourceCodec.Encode(kind, stored, options.MaxValueBytes);
        var ns = stored.Metadata.Namespace;
        var name = stored.Metadata.Name!;
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfDisposed();
            var table = Table(kind);
            var key = Key(ns, name);
            if (!table.TryGetValue(key, out var previous))
            {
                throw new ResourceNotFoundException(kind.Kind, ns, name);
            }

            if (Format(previous.ModRevision) != expected)
            {
                throw new ResourceConflictException(kind.Kind, ns, name, expected, Format(previous.ModRevision));
            }

            stored.Metadata.ResourceVersion = Format(Commit(kind, table, key, ns, name, bytes, previous));
        }

        return Task.FromResult(stored);
    }

    /// <inheritdoc />
    public Task DeleteAsync(ResourceKind kind, string? @namespace, string name, string? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var ns = DatastoreKeys.Validate(kind, @namespace, name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfDisposed();
            var table = Table(kind);
            var key = Key(ns, name);
            if (!table.TryGetValue(key, out var previous))
            {
                throw new ResourceNotFoundException(kind.Kind, ns, name);
            }

            if (expectedRevision is not null && Format(previous.ModRevision) != expectedRevision)
            {
                throw new ResourceConflictException(kind.Kind, ns, name, expectedRevision, Format(previous.ModRevision));
            }

            Commit(kind, table, key, ns, name, null, previous);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<SyncEvent> SyncAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken = default) =>
        DatastoreSync.RunAsync(this, kinds, options.TimeProvider, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            disposed = true;
            signal = changed;
        }

        signal.TrySetResult();
        return ValueTask.CompletedTask;
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Key(string? ns, string name) => ns is null ? name : ns + "/" + name;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SortedDictionary<string, MemoryEntry> Table(ResourceKind kind)
    {
        if (!items.TryGetValue(kind, out var table))
        {
            table = new SortedDictionary<string, MemoryEntry>(StringComparer.Ordinal);
            items.Add(kind, table);
        }

        return table;
    }

    /// <summary>Applies one write under the lock: new revision, table, history (trimmed to the window), wake-up.</summary>
    private long Commit(ResourceKind kind, SortedDictionary<string, MemoryEntry> table, string key, string? ns, string name, byte[]? value, MemoryEntry? previous)
    {
        var rev = ++revision;
        if (value is null)
        {
            table.Remove(key);
        }
        else
        {
            table[key] = new MemoryEntry(ns, name, value, rev);
        }

        history.Add(new MemoryChange(rev, kind, key, ns, name, value, previous));

        // Trim in chunks so that trimming stays amortised O(1) per write.
        if (history.Count > options.HistoryWindow + Math.Max(1, options.HistoryWindow / 8))
        {
            var drop = history.Count - options.HistoryWindow;
            compactedRevision = history[drop - 1].Revision;
            history.RemoveRange(0, drop);
        }

        var signal = changed;
        changed = NewSignal();
        signal.TrySetResult();
        return rev;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
