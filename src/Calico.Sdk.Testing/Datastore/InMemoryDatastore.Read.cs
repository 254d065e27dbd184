using System.Globalization;
using System.Runtime.CompilerServices;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Testing.Datastore;

/// <content>List (consistent paging through the history) and watch.</content>
public sealed partial class InMemoryDatastore
{
    /// <inheritdoc />
    public Task<ResourceList<Resource>> ListAsync(ResourceKind kind, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        cancellationToken.ThrowIfCancellationRequested();
        var nsFilter = DatastoreKeys.ValidateList(kind, options);
        var prefix = options?.NamePrefix ?? string.Empty;
        var limit = options?.Limit ?? 0;
        ListContinueToken? token = options?.Continue is { } c ? ListContinueToken.Decode(kind, c) : null;
        var page = new List<MemoryEntry>();
        long listRevision;
        var more = false;
        lock (gate)
        {
            ThrowIfDisposed();
            listRevision = token?.Revision ?? revision;
            if (listRevision > revision)
            {
                throw new DatastoreDataException(DataErrorReason.InvalidContinueToken, $"The continue token for {kind.Kind} names revision {listRevision}, which does not exist yet.", kind.Kind);
            }

            if (listRevision < compactedRevision)
            {
                throw new RevisionCompactedException(kind.Kind, Format(listRevision), Format(compactedRevision));
            }

            var table = Table(kind);
            var overrides = StateAt(kind, listRevision);
            IEnumerable<string> keys = overrides.Count == 0
                ? table.Keys
                : new SortedSet<string>(table.Keys.Concat(overrides.Keys), StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (token is { } t && string.CompareOrdinal(key, t.LastKey) <= 0)
                {
                    continue;
                }

                var entry = overrides.TryGetValue(key, out var old) ? old : table[key];
                if (entry is null || (nsFilter is not null && entry.Namespace != nsFilter) || !entry.Name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (limit > 0 && page.Count == limit)
                {
                    more = true;
                    break;
                }

                page.Add(entry);
            }
        }

        var resources = new List<Resource>(page.Count);
        var failures = new List<DecodeFailure>();
        foreach (var entry in page)
        {
            var rev = Format(entry.ModRevision);
            try
            {
                resources.Add(ResourceCodec.Decode(kind, entry.Value, entry.Namespace, entry.Name, rev));
            }
            catch (DatastoreDataException ex)
            {
                failures.Add(new DecodeFailure(kind, entry.Namespace, entry.Name, rev, ex.Message));
            }
        }

        var next = more ? new ListContinueToken(listRevision, Key(page[^1].Namespace, page[^1].Name)).Encode() : null;
        return Task.FromResult(new ResourceList<Resource>(resources, Format(listRevision), next, failures));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<WatchEvent> WatchAsync(ResourceKind kind, string? afterRevision = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        long start;
        if (afterRevision is null)
        {
            // Captured now, not at the first MoveNext, so that writes made before enumeration starts are seen.
            lock (gate)
            {
                start = revision;
            }
        }
        else if (!long.TryParse(afterRevision, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new ArgumentException($"'{afterRevision}' is not a revision of this store.", nameof(afterRevision));
        }

        return WatchCoreAsync(kind, start, cancellationToken);
    }

    private async IAsyncEnumerable<WatchEvent> WatchCoreAsync(ResourceKind kind, long cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<MemoryChange>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task wait;
            lock (gate)
            {
                if (disposed)
                {
                    break;
                }

                if (cursor < compactedRevision)
                {
                    throw new RevisionCompactedException(kind.Kind, Format(cursor), Format(compactedRevision));
                }

                for (var i = FirstAfter(cursor); i < history.Count; i++)
                {
                    if (history[i].Kind == kind)
                    {
                        batch.Add(history[i]);
                    }
                }

                cursor = Math.Max(cursor, revision);
                wait = changed.Task;
            }

            if (batch.Count == 0)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var change in batch)
            {
                yield return ToEvent(change);
            }

            batch.Clear();
        }
    }

    private static WatchEvent ToEvent(MemoryChange change)
    {
        var rev = Format(change.Revision);
        if (change.Value is null)
        {
            var last = change.Previous is { } p ? TryDecode(change.Kind, p.Value, p.Namespace, p.Name, Format(p.ModRevision)) : null;
            return new WatchEvent(WatchEventType.Deleted, change.Kind, change.Namespace, change.Name, rev, last);
        }

        try
        {
            var resource = ResourceCodec.Decode(change.Kind, change.Value, change.Namespace, change.Name, rev);
            return new WatchEvent(change.Type, change.Kind, change.Namespace, change.Name, rev, resource);
        }
        catch (DatastoreDataException ex)
        {
            return new WatchEvent(WatchEventType.DecodeError, change.Kind, change.Namespace, change.Name, rev, null, ex.Message);
        }
    }

    private static Resource? TryDecode(ResourceKind kind, byte[] value, string? ns, string name, string rev)
    {
        try
        {
            return ResourceCodec.Decode(kind, value, ns, name, rev);
        }
        catch (DatastoreDataException)
        {
            return null;
        }
    }

    /// <summary>For every key of <paramref name="kind"/> changed after <paramref name="at"/>: its entry at that revision (null = absent).</summary>
    private Dictionary<string, MemoryEntry?> StateAt(ResourceKind kind, long at)
    {
        var state = new Dictionary<string, MemoryEntry?>(StringComparer.Ordinal);
        for (var i = history.Count - 1; i >= 0 && history[i].Revision > at; i--)
        {
            if (history[i].Kind == kind)
            {
                // Walking backwards, the last assignment is the earliest change's previous entry: the state at `at`.
                state[history[i].Key] = history[i].Previous;
            }
        }

        return state;
    }

    /// <summary>The index of the first retained change with a revision greater than <paramref name="cursor"/>.</summary>
    private int FirstAfter(long cursor)
    {
        int lo = 0, hi = history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (history[mid].Revision <= cursor)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
