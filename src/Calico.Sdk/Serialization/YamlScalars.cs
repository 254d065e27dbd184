using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Calico.Sdk.Serialization;

/// <summary>
/// Scalar rules of the YAML bridge: how plain scalars resolve when reading (YAML 1.2 core schema), and which strings
/// must be quoted when writing so that calicoctl's Go YAML reader (YAML 1.1 rules) reads them back as strings.
/// </summary>
internal static partial class YamlScalars
{
    /// <summary>Resolves a plain (unquoted) scalar per the YAML 1.2 core schema.</summary>
    /// <param name="text">The scalar text.</param>
    /// <param name="node">The JSON value; <see langword="null"/> for YAML null.</param>
    /// <param name="error">Why the scalar cannot be represented, or <see langword="null"/>.</param>
    public static void ResolvePlain(string text, out JsonNode? node, out string? error)
    {
        error = null;
        node = null;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return;
            case "true" or "True" or "TRUE":
                node = JsonValue.Create(true);
                return;
            case "false" or "False" or "FALSE":
                node = JsonValue.Create(false);
                return;
        }

        var first = text[0];
        if (first is not ((>= '0' and <= '9') or '-' or '+' or '.'))
        {
            node = JsonValue.Create(text);
            return;
        }

        if (DecimalInt().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                node = JsonValue.Create(l);
            }
            else if (ulong.TryParse(text.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var ul))
            {
                node = JsonValue.Create(ul);
            }
            else
            {
                node = JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexInt().IsMatch(text))
        {
            node = ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                ? JsonValue.Create(hex)
                : null;
            error = node is null ? "hexadecimal integer is too large" : null;
            return;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalInt().IsMatch(text))
        {
            ulong value = 0;
            foreach (var c in text.AsSpan(2))
            {
                if (value > (ulong.MaxValue >> 3))
                {
                    error = "octal integer is too large";
                    return;
                }

                value = (value << 3) | (uint)(c - '0');
            }

            node = JsonValue.Create(value);
            return;
        }

        if (Float().IsMatch(text))
        {
            var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                error = "number is too large to be represented";
                return;
            }

            node = JsonValue.Create(d);
            return;
        }

        if (SpecialFloat().IsMatch(text))
        {
            error = "infinity and NaN cannot be represented in a resource";
            return;
        }

        node = JsonValue.Create(text);
    }

    /// <summary>
    /// Whether a string must be double-quoted on output because a YAML reader (YAML 1.1 as used by calicoctl, or
    /// YAML 1.2) would otherwise read it as null, a boolean, a number or a timestamp.
    /// </summary>
    /// <param name="text">The string.</param>
    /// <returns><see langword="true"/> when it must be quoted.</returns>
    public static bool LooksLikeNonString(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        switch (text)
        {
            case "~" or "null" or "Null" or "NULL":
            case "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO":
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
            case "on" or "On" or "ON" or "off" or "Off" or "OFF":
                return true;
        }

        var first = text[0];
        if (first is not ((>= '0' and <= '9') or '-' or '+' or '.'))
        {
            return false;
        }

        // YAML 1.1 allows '_' digit separators; a Go reader strips them before parsing numbers.
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        return Yaml11Int().IsMatch(plain)
            || Float().IsMatch(plain)
            || SpecialFloat().IsMatch(text)
            || Base60Float().IsMatch(text)
            || Timestamp().IsMatch(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInt();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInt();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialFloat();

    [GeneratedRegex(@"^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Yaml11Int();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    // The timestamp forms Go's YAML reader recognises: a date, a date-time with 'T' and a zone, or with ' ' and no zone.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{2}:[0-9]{2})|[ ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
