using Calico.Sdk.Resources;

namespace Calico.Sdk.Datastore;

/// <summary>
/// What a sync has sent so far: the revision of every key, per kind. A sync records each change it yields; after a
/// compaction it reconciles each kind with a fresh snapshot and so sends exactly the difference (changed and new
/// keys, then deletions), as <see cref="IDatastore.SyncAsync"/> promises. <see cref="DatastoreSync"/> uses it, and so
/// can a backend with a native multi-kind sync.
/// </summary>
/// <remarks>Not thread-safe: one sync owns one instance.</remarks>
public sealed class SyncedKeys
{
    private readonly Dictionary<ResourceKind, Dictionary<(string? Namespace, string Name), string>> byKind = [];

    /// <summary>The number of keys the consumer holds, over all kinds.</summary>
    public int Count => byKind.Values.Sum(k => k.Count);

    /// <summary>Records a change the sync has yielded.</summary>
    /// <param name="change">The change.</param>
    public void Record(WatchEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var sent = For(change.Kind);
        if (change.Type == WatchEventType.Deleted)
        {
            sent.Remove((change.Namespace, change.Name));
        }
        else
        {
            sent[(change.Namespace, change.Name)] = change.Revision;
        }
    }

    /// <summary>
    /// Appends to <paramref name="output"/> the changes that bring the consumer from what it was sent of
    /// <paramref name="kind"/> to <paramref name="snapshot"/>, and records them. Keys whose revision is unchanged are
    /// skipped; keys the snapshot lacks are deleted at the snapshot's revision.
    /// </summary>
    /// <param name="kind">The kind the snapshot lists.</param>
    /// <param name="snapshot">A complete list of the kind (every page), with its decode failures.</param>
    /// <param name="output">Receives the changes, in the order they must be yielded.</param>
    public void Reconcile(ResourceKind kind, ResourceList<Resource> snapshot, ICollection<SyncEvent> output)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        var sent = For(kind);
        var seen = new HashSet<(string?, string)>();
        foreach (var item in snapshot.Items)
        {
            var key = (item.Metadata.Namespace, item.Metadata.Name!);
            seen.Add(key);
            Send(kind, sent, key, item.Metadata.ResourceVersion!, item, null, output);
        }

        foreach (var failure in snapshot.DecodeFailures)
        {
            var key = (failure.Namespace, failure.Name);
            seen.Add(key);
            Send(kind, sent, key, failure.Revision, null, failure.Message, output);
        }

        if (seen.Count == sent.Count)
        {
            return; // Every key sent is still there.
        }

        foreach (var gone in sent.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            sent.Remove(gone);
            output.Add(SyncEvent.ForChange(new WatchEvent(WatchEventType.Deleted, kind, gone.Namespace, gone.Name, snapshot.Revision, null)));
        }
    }

    private static void Send(
        ResourceKind kind,
        Dictionary<(string? Namespace, string Name), string> sent,
        (string? Namespace, string Name) key,
        string revision,
        Resource? item,
        string? decodeError,
        ICollection<SyncEvent> output)
    {
        var known = sent.TryGetValue(key, out var old);
        if (known && old == revision)
        {
            return;
        }

        sent[key] = revision;
        var type = decodeError is not null ? WatchEventType.DecodeError : known ? WatchEventType.Modified : WatchEventType.Added;
        output.Add(SyncEvent.ForChange(new WatchEvent(type, kind, key.Namespace, key.Name, revision, item, decodeError)));
    }

    private Dictionary<(string? Namespace, string Name), string> For(ResourceKind kind) =>
        byKind.TryGetValue(kind, out var sent) ? sent : byKind[kind] = [];
}
