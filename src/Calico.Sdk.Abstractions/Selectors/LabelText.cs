using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary>Character classes and quoting shared by the parser and the canonical writer.</summary>
internal static class LabelText
{
    /// <summary>The longest label name the grammar accepts.</summary>
    public const int MaxLabelLength = 512;

    /// <summary>Label characters: <c>A-Z a-z 0-9 _ . / -</c> (ASCII only).</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether <paramref name="c"/> may appear in a label name.</returns>
    public static bool IsLabelChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '/' or '-';

    /// <summary>Selector whitespace is space and tab only; a newline is an error, as in Calico.</summary>
    /// <param name="c">The character.</param>
    /// <returns>Whether <paramref name="c"/> is skipped between tokens.</returns>
    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    /// <summary>
    /// Returns the interned instance of <paramref name="text"/> when one already exists (without adding to the
    /// pool), so label lookups against dictionaries keyed by literals hit the reference-equality fast path.
    /// </summary>
    /// <param name="text">A label name or value.</param>
    /// <returns>An equal string.</returns>
    public static string Share(string text) => string.IsInterned(text) ?? text;

    /// <summary>Appends a string literal: double-quoted unless the value holds a double quote.</summary>
    /// <param name="builder">The output.</param>
    /// <param name="value">The literal's value (it never holds both quote characters).</param>
    public static void AppendQuoted(StringBuilder builder, string value)
    {
        var quote = value.Contains('"', StringComparison.Ordinal) ? '\'' : '"';
        builder.Append(quote).Append(value).Append(quote);
    }
}
