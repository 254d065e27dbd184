namespace Calico.Sdk.Ipam;

/// <summary>No address could be assigned: every applicable pool is full, or no block could be claimed or borrowed.</summary>
public sealed class IpamExhaustedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IpamExhaustedException()
        : base("no IP addresses available in the applicable IP pools")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was exhausted.</param>
    public IpamExhaustedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What was exhausted.</param>
    /// <param name="innerException">The cause.</param>
    public IpamExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
