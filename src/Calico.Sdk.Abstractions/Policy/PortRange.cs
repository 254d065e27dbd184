using System.Globalization;

namespace Calico.Sdk.Policy;

/// <summary>An inclusive port range; a single port has <see cref="First"/> == <see cref="Last"/>.</summary>
/// <param name="First">The first port (0–65535).</param>
/// <param name="Last">The last port, ≥ <paramref name="First"/>.</param>
public readonly record struct PortRange(ushort First, ushort Last)
{
    /// <summary>Whether <paramref name="port"/> is in the range.</summary>
    /// <param name="port">The port.</param>
    /// <returns>Whether it is inside.</returns>
    public bool Contains(int port) => port >= First && port <= Last;

    /// <summary><c>80</c> or <c>80:90</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{First}:{Last}");
}
