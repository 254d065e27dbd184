using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>One stored value of one key.</summary>
internal sealed record MemoryEntry(string? Namespace, string Name, byte[] Value, long ModRevision);

/// <summary>One committed change: the new value (null for a delete) and the entry it replaced (null for a create).</summary>
internal sealed record MemoryChange(long Revision, ResourceKind Kind, string Key, string? Namespace, string Name, byte[]? Value, MemoryEntry? Previous)
{
    internal WatchEventType Type => Value is null ? WatchEventType.Deleted : Previous is null ? WatchEventType.Added : WatchEventType.Modified;
}
