using System.Globalization;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Kubernetes' <c>IntOrString</c>: a number or a string, kept exactly as written.</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly struct IntOrString : IEquatable<IntOrString>
{
    private IntOrString(int? intValue, string? stringValue)
    {
        IntValue = intValue;
        StringValue = stringValue;
    }

    /// <summary>The number, when written as a number.</summary>
    public int? IntValue { get; }

    /// <summary>The string, when written as a string.</summary>
    public string? StringValue { get; }

    /// <summary>A numeric value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static IntOrString FromInt(int value) => new(value, null);

    /// <summary>A string value.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The value.</returns>
    public static IntOrString FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new IntOrString(null, value);
    }

    /// <inheritdoc />
    public override string ToString() => StringValue ?? IntValue?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <inheritdoc />
    public bool Equals(IntOrString other) => IntValue == other.IntValue && string.Equals(StringValue, other.StringValue, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IntOrString other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IntValue, StringValue);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(IntOrString left, IntOrString right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(IntOrString left, IntOrString right) => !left.Equals(right);
}
