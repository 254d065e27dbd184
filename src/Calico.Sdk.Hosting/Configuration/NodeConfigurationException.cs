namespace Calico.Sdk.Hosting.Configuration;

/// <summary>A configuration value is invalid; the message names the setting, where it came from, the value and what is expected.</summary>
public sealed class NodeConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NodeConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public NodeConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NodeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
