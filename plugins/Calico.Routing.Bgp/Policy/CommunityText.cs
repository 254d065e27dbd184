using System.Globalization;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Policy;

/// <summary>Parses Calico's community notation: <c>aa:nn</c> (RFC 1997) or <c>aa:nn:mm</c> (RFC 8092).</summary>
internal static class CommunityText
{
    public static bool TryParse(string? text, out uint standard, out LargeCommunity large, out bool isLarge)
    {
        standard = 0;
        large = default;
        isLarge = false;
        var parts = text?.Split(':') ?? [];
        if (parts.Length == 2 && ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var high) && ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var low))
        {
            standard = ((uint)high << 16) | low;
            return true;
        }

        if (parts.Length == 3 && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var g) && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var l1) && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var l2))
        {
            large = new LargeCommunity(g, l1, l2);
            isLarge = true;
            return true;
        }

        return false;
    }

    /// <summary>Adds a community (given as text) to the attributes; unknown text leaves them unchanged.</summary>
    public static PathAttributes Add(PathAttributes attributes, string text)
    {
        if (!TryParse(text, out var standard, out var large, out var isLarge))
        {
            return attributes;
        }

        if (isLarge)
        {
            return attributes.LargeCommunities.Contains(large) ? attributes : attributes with { LargeCommunities = [.. attributes.LargeCommunities, large] };
        }

        return attributes.Communities.Contains(standard) ? attributes : attributes with { Communities = [.. attributes.Communities, standard] };
    }

    public static bool Has(PathAttributes attributes, string text) =>
        TryParse(text, out var standard, out var large, out var isLarge) && (isLarge ? attributes.LargeCommunities.Contains(large) : attributes.Communities.Contains(standard));

    public static string Format(uint community) => (community >> 16).ToString(CultureInfo.InvariantCulture) + ":" + (community & 0xFFFF).ToString(CultureInfo.InvariantCulture);
}
