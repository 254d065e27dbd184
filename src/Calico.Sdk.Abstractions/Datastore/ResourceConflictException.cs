namespace Calico.Sdk.Datastore;

/// <summary>A compare-and-swap failed: the object's revision is not the expected one. Read, merge and retry.</summary>
public sealed class ResourceConflictException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">The kind name.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="expectedRevision">The revision the caller expected.</param>
    /// <param name="actualRevision">The current revision, when known.</param>
    public ResourceConflictException(string kind, string? @namespace, string name, string expectedRevision, string? actualRevision)
        : base(
            $"{Describe(kind, @namespace, name)} was modified concurrently: expected revision {expectedRevision}, "
            + (actualRevision is null ? "found a different one." : $"found {actualRevision}."),
            kind,
            @namespace,
            name,
            null)
    {
        ExpectedRevision = expectedRevision;
        ActualRevision = actualRevision;
    }

    /// <summary>The revision the caller expected.</summary>
    public string ExpectedRevision { get; }

    /// <summary>The current revision, when the backend reported it.</summary>
    public string? ActualRevision { get; }
}
