using System.Globalization;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>
/// Calico's "number or string" protocol: a name (<c>TCP</c>, <c>UDP</c>, <c>ICMP</c>, <c>ICMPv6</c>, <c>SCTP</c>,
/// <c>UDPLite</c>) or an IP protocol number. Names are kept as written; validity is checked by the validator.
/// </summary>
[JsonConverter(typeof(ProtocolValueJsonConverter))]
public readonly struct ProtocolValue : IEquatable<ProtocolValue>
{
    private ProtocolValue(int? number, string? name)
    {
        Number = number;
        Name = name;
    }

    /// <summary>TCP.</summary>
    public static ProtocolValue Tcp => FromName("TCP");

    /// <summary>UDP.</summary>
    public static ProtocolValue Udp => FromName("UDP");

    /// <summary>ICMP.</summary>
    public static ProtocolValue Icmp => FromName("ICMP");

    /// <summary>ICMPv6.</summary>
    public static ProtocolValue IcmpV6 => FromName("ICMPv6");

    /// <summary>SCTP.</summary>
    public static ProtocolValue Sctp => FromName("SCTP");

    /// <summary>UDP-Lite.</summary>
    public static ProtocolValue UdpLite => FromName("UDPLite");

    /// <summary>The protocol number when written as a number, else <see langword="null"/>.</summary>
    public int? Number { get; }

    /// <summary>The protocol name when written as a name, else <see langword="null"/>.</summary>
    public string? Name { get; }

    /// <summary>A protocol given by number.</summary>
    /// <param name="number">The IP protocol number.</param>
    /// <returns>The protocol.</returns>
    public static ProtocolValue FromNumber(int number) => new(number, null);

    /// <summary>A protocol given by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The protocol.</returns>
    public static ProtocolValue FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new ProtocolValue(null, name);
    }

    /// <summary>Interprets text as Calico does: digits are a number, anything else a name.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The protocol.</returns>
    public static ProtocolValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? FromNumber(n) : FromName(text);
    }

    /// <summary>
    /// The IP protocol number: the number itself, or the number of a known name (case-insensitive);
    /// <see langword="null"/> for an unknown name.
    /// </summary>
    /// <returns>The protocol number.</returns>
    public int? ToNumber()
    {
        if (Number is { } n)
        {
            return n;
        }

        return Name?.ToUpperInvariant() switch
        {
            "TCP" => 6,
            "UDP" => 17,
            "ICMP" => 1,
            "ICMPV6" => 58,
            "SCTP" => 132,
            "UDPLITE" => 136,
            _ => null,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Name ?? Number?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <inheritdoc />
    public bool Equals(ProtocolValue other) => Number == other.Number && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ProtocolValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Number, Name);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(ProtocolValue left, ProtocolValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(ProtocolValue left, ProtocolValue right) => !left.Equals(right);
}
