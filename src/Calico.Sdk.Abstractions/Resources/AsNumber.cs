using System.Globalization;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// A BGP AS number (32 bits). Read from a number, a numeric string or the dotted form <c>"a.b"</c>
/// (<c>a &lt;&lt; 16 | b</c>); always written as a number.
/// </summary>
[JsonConverter(typeof(AsNumberJsonConverter))]
public readonly struct AsNumber : IEquatable<AsNumber>
{
    /// <summary>Creates an AS number.</summary>
    /// <param name="value">The 32-bit AS number.</param>
    public AsNumber(uint value) => Value = value;

    /// <summary>The 32-bit AS number.</summary>
    public uint Value { get; }

    /// <summary>Parses plain (<c>64512</c>) or dotted (<c>1.10</c>) notation.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The AS number.</param>
    /// <returns><see langword="true"/> when the text is a valid AS number.</returns>
    public static bool TryParse(string? text, out AsNumber value)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
            {
                value = new AsNumber(plain);
                return true;
            }

            return false;
        }

        if (ushort.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && ushort.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            value = new AsNumber(((uint)high << 16) | low);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(AsNumber other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AsNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(AsNumber left, AsNumber right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(AsNumber left, AsNumber right) => !left.Equals(right);
}
