namespace Calico.Sdk.Dataplane;

/// <summary>The kernel rejected a dataplane transaction; the previous state is intact.</summary>
public sealed class DataplaneApplyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataplaneApplyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the object (table, chain, set) when known.</param>
    public DataplaneApplyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause (e.g. the tool's exit status and stderr).</param>
    public DataplaneApplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
