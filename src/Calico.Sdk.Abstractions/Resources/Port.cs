using System.Globalization;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// Calico's "number or string" port: a single port number, an inclusive range <c>"N:M"</c>, or the name of a
/// named port. Written to JSON as a number when it is a single port and as a string otherwise.
/// </summary>
/// <remarks>
/// Parsing is deliberately lenient (it never range-checks) so that the validator can report an out-of-range port
/// or a reversed range with the field's path instead of the reader failing with a generic type error.
/// </remarks>
[JsonConverter(typeof(PortJsonConverter))]
public readonly struct Port : IEquatable<Port>
{
    private Port(int minPort, int maxPort, string? name)
    {
        MinPort = minPort;
        MaxPort = maxPort;
        Name = name;
    }

    /// <summary>The first port of the range (the port itself for a single port); 0 for a named port.</summary>
    public int MinPort { get; }

    /// <summary>The last port of the range (the port itself for a single port); 0 for a named port.</summary>
    public int MaxPort { get; }

    /// <summary>The port name for a named port, else <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>Whether this is a named port.</summary>
    public bool IsNamed => Name is not null;

    /// <summary>Whether this is a numeric range written as <c>"N:M"</c>.</summary>
    public bool IsRange { get; init; }

    /// <summary>A single numeric port.</summary>
    /// <param name="port">The port number.</param>
    /// <returns>The port.</returns>
    public static Port FromNumber(int port) => new(port, port, null);

    /// <summary>An inclusive numeric range, written as <c>"min:max"</c>.</summary>
    /// <param name="minPort">The first port.</param>
    /// <param name="maxPort">The last port.</param>
    /// <returns>The range.</returns>
    public static Port FromRange(int minPort, int maxPort) => new(minPort, maxPort, null) { IsRange = true };

    /// <summary>A named port, resolved against the ports of each selected endpoint.</summary>
    /// <param name="name">The port name.</param>
    /// <returns>The named port.</returns>
    public static Port FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new Port(0, 0, name);
    }

    /// <summary>
    /// Interprets text the way Calico does: <c>"N:M"</c> with two numbers is a range, a number is a single port,
    /// anything else is a port name (validated separately).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The port.</returns>
    public static Port Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && TryParseNumber(text.AsSpan(0, colon), out var min)
            && TryParseNumber(text.AsSpan(colon + 1), out var max))
        {
            return FromRange(min, max);
        }

        return TryParseNumber(text, out var single) ? FromNumber(single) : FromName(text);
    }

    /// <summary>Whether <paramref name="port"/> is inside this range (never true for a named port).</summary>
    /// <param name="port">A port number.</param>
    /// <returns><see langword="true"/> when it is inside.</returns>
    public bool Contains(int port) => !IsNamed && port >= MinPort && port <= MaxPort;

    /// <inheritdoc />
    public override string ToString() => Name
        ?? (IsRange
            ? string.Create(CultureInfo.InvariantCulture, $"{MinPort}:{MaxPort}")
            : MinPort.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public bool Equals(Port other) =>
        MinPort == other.MinPort && MaxPort == other.MaxPort && IsRange == other.IsRange && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Port other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MinPort, MaxPort, IsRange, Name);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Port left, Port right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Port left, Port right) => !left.Equals(right);

    private static bool TryParseNumber(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
