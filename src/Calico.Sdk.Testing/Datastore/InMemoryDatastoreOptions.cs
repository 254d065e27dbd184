using Calico.Sdk.Datastore;

namespace Calico.Sdk.Testing.Datastore;

/// <summary>Settings of <see cref="InMemoryDatastore"/>.</summary>
public sealed class InMemoryDatastoreOptions
{
    /// <summary>
    /// How many change events are kept for watches and consistent paging; older revisions are compacted and a
    /// watch from them throws <see cref="RevisionCompactedException"/>. Default 100,000.
    /// </summary>
    public int HistoryWindow { get; set; } = 100_000;

    /// <summary>The largest encoded value accepted. Default <see cref="DatastoreLimits.DefaultMaxValueBytes"/>.</summary>
    public int MaxValueBytes { get; set; } = DatastoreLimits.DefaultMaxValueBytes;

    /// <summary>The clock for <c>creationTimestamp</c> and sync back-off.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
