namespace Calico.Sdk.Resources;

/// <summary>One or more resource documents are malformed or invalid; nothing was accepted.</summary>
public sealed class ResourceValidationException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/>.</summary>
    /// <param name="errors">The errors; at least one.</param>
    public ResourceValidationException(IEnumerable<ResourceError> errors)
        : this(Materialize(errors))
    {
    }

    /// <summary>Creates the exception with a message and no structured errors.</summary>
    public ResourceValidationException()
        : this("The resource is invalid.")
    {
    }

    /// <summary>Creates the exception with a message and no structured errors.</summary>
    /// <param name="message">The message.</param>
    public ResourceValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message, a cause and no structured errors.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    private ResourceValidationException(ResourceError[] errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in document order.</summary>
    public IReadOnlyList<ResourceError> Errors { get; }

    private static ResourceError[] Materialize(IEnumerable<ResourceError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var array = errors.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return array;
    }

    private static string FormatMessage(ResourceError[] errors) => errors.Length == 1
        ? errors[0].ToString()
        : $"{errors.Length} errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors.Select(e => e.ToString()));
}
