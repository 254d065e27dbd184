namespace Calico.Sdk.Ipam;

/// <summary>
/// An IPAM object kept changing under the call: too many compare-and-swap conflicts in a row (Calico's "Max retries
/// hit - excessive concurrent IPAM requests"). Nothing the call wrote is left behind; retrying later is safe.
/// </summary>
public sealed class IpamConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IpamConflictException()
        : base("too many concurrent IPAM requests")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What kept changing.</param>
    public IpamConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What kept changing.</param>
    /// <param name="innerException">The cause.</param>
    public IpamConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
