namespace Calico.Sdk.Ipam;

/// <summary>A specific address was requested but is already allocated (or reserved, or cooling down after release).</summary>
public sealed class IpAddressInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IpAddressInUseException()
        : base("the address is already in use")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Which address, and who holds it.</param>
    public IpAddressInUseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">Which address, and who holds it.</param>
    /// <param name="innerException">The cause.</param>
    public IpAddressInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
