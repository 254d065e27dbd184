namespace Calico.Sdk.Datastore;

/// <summary>
/// A write was sent but its reply was lost (connection dropped, process killed, cancellation raced the commit):
/// it MAY have committed. Read the object back to learn the outcome before retrying a non-idempotent write.
/// </summary>
public sealed class DatastoreOutcomeUnknownException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The operation: <c>create</c>, <c>update</c> or <c>delete</c>.</param>
    /// <param name="kind">The kind name.</param>
    /// <param name="namespace">The namespace, or <see langword="null"/>.</param>
    /// <param name="name">The name.</param>
    /// <param name="innerException">The failure that lost the reply.</param>
    public DatastoreOutcomeUnknownException(string operation, string kind, string? @namespace, string name, Exception? innerException)
        : base(
            $"The outcome of {operation} of {Describe(kind, @namespace, name)} is unknown: the request was sent but no reply arrived"
            + (innerException is null ? "." : $" ({innerException.Message}).")
            + " It may have committed; read the object back before retrying.",
            kind,
            @namespace,
            name,
            innerException)
    {
        Operation = operation;
    }

    /// <summary>The operation whose outcome is unknown.</summary>
    public string Operation { get; }
}
