namespace Calico.Sdk.Datastore;

/// <summary>Bad data: an invalid key, an oversized value, or a stored value that cannot be decoded. Retrying does not help.</summary>
public sealed class DatastoreDataException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The class of problem.</param>
    /// <param name="message">What, where and why.</param>
    /// <param name="kind">The kind name, or <see langword="null"/>.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name, or <see langword="null"/>.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public DatastoreDataException(DataErrorReason reason, string message, string? kind = null, string? @namespace = null, string? name = null, Exception? innerException = null)
        : base(message, kind, @namespace, name, innerException)
    {
        Reason = reason;
    }

    /// <summary>The class of problem.</summary>
    public DataErrorReason Reason { get; }
}
