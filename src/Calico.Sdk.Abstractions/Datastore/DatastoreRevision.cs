namespace Calico.Sdk.Datastore;

/// <summary>Well-known revision values. Every other revision is opaque.</summary>
public static class DatastoreRevision
{
    /// <summary>
    /// Passed to <see cref="IDatastore.WatchAsync"/>: deliver all retained history. If any history has been
    /// compacted, the watch throws <see cref="RevisionCompactedException"/>.
    /// </summary>
    public const string Beginning = "0";
}
