namespace Calico.Sdk.Datastore;

/// <summary>
/// A watch or list continuation asked for a revision older than the retained history. The caller lists again and
/// watches from the new list's revision.
/// </summary>
public sealed class RevisionCompactedException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind name, or <see langword="null"/>.</param>
    /// <param name="requestedRevision">The revision asked for.</param>
    /// <param name="oldestAvailableRevision">The oldest revision still available, when known.</param>
    public RevisionCompactedException(string? kind, string requestedRevision, string? oldestAvailableRevision)
        : base(
            $"Revision {requestedRevision}{(kind is null ? string.Empty : " of " + kind)} has been compacted"
            + (oldestAvailableRevision is null ? string.Empty : $" (oldest available: {oldestAvailableRevision})")
            + "; list again and watch from the list's revision.",
            kind,
            null,
            null,
            null)
    {
        RequestedRevision = requestedRevision;
        OldestAvailableRevision = oldestAvailableRevision;
    }

    /// <summary>The revision asked for.</summary>
    public string RequestedRevision { get; }

    /// <summary>The oldest revision still available, when known.</summary>
    public string? OldestAvailableRevision { get; }
}
