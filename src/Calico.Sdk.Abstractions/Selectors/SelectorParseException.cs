namespace Calico.Sdk.Selectors;

/// <summary>A selector string that does not follow the Calico selector grammar.</summary>
/// <remarks>
/// The message names the selector, the 0-based character offset of the problem and what the parser expected
/// there, e.g. <c>invalid selector "a == b" at position 5: expected a quoted string</c>.
/// </remarks>
public sealed class SelectorParseException : FormatException
{
    /// <summary>Creates the exception for <paramref name="selectorText"/>.</summary>
    /// <param name="selectorText">The selector that failed to parse.</param>
    /// <param name="position">The 0-based character offset of the problem.</param>
    /// <param name="expected">What the parser expected at <paramref name="position"/>.</param>
    public SelectorParseException(string selectorText, int position, string expected)
        : base(FormatMessage(selectorText, position, expected))
    {
        SelectorText = selectorText;
        Position = position;
        Expected = expected;
    }

    /// <summary>Creates the exception with a message only (no position information).</summary>
    public SelectorParseException()
        : this(string.Empty, 0, "a selector")
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    /// <param name="message">The message.</param>
    public SelectorParseException(string message)
        : base(message)
    {
        SelectorText = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the exception with a custom message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        SelectorText = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>The selector that failed to parse.</summary>
    public string SelectorText { get; }

    /// <summary>The 0-based character offset in <see cref="SelectorText"/> where parsing failed.</summary>
    public int Position { get; }

    /// <summary>What the parser expected at <see cref="Position"/>, e.g. <c>a quoted string</c>.</summary>
    public string Expected { get; }

    private static string FormatMessage(string selectorText, int position, string expected) =>
        $"invalid selector \"{selectorText}\" at position {position}: expected {expected}";
}
