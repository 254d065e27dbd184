namespace Calico.Sdk.Datastore;

/// <summary>The datastore configuration is invalid (bad environment variable, missing certificate file, unsupported type).</summary>
public sealed class DatastoreConfigurationException : DatastoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which setting is wrong, its value, and what is expected.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public DatastoreConfigurationException(string message, Exception? innerException = null)
        : base(message, null, null, null, innerException)
    {
    }
}
