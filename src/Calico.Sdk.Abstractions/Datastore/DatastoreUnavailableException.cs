namespace Calico.Sdk.Datastore;

/// <summary>The store could not be reached or is busy; the request was NOT committed, so it is safe to retry.</summary>
public sealed class DatastoreUnavailableException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be reached and why.</param>
    /// <param name="kind">The kind name, or <see langword="null"/>.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public DatastoreUnavailableException(string message, string? kind = null, string? @namespace = null, string? name = null, Exception? innerException = null)
        : base(message, kind, @namespace, name, innerException)
    {
    }
}
