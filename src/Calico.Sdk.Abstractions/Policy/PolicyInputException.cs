namespace Calico.Sdk.Policy;

/// <summary>
/// A batch given to <see cref="IPolicyEngine.Apply(IReadOnlyList{PolicyUpdate})"/> held invalid objects; nothing
/// was applied. <see cref="Errors"/> names each one, so a sync loop can drop them (or treat them as deleted, as
/// Felix's validation filter does) and retry the rest.
/// </summary>
public sealed class PolicyInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyInputException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no itemised errors.</summary>
    /// <param name="message">The message.</param>
    public PolicyInputException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception from the itemised errors.</summary>
    /// <param name="errors">The errors.</param>
    public PolicyInputException(IReadOnlyList<PolicyInputError> errors)
        : base(errors.Count == 0 ? "invalid policy input" : "invalid policy input: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Every invalid field found in the batch.</summary>
    public IReadOnlyList<PolicyInputError> Errors { get; }
}
