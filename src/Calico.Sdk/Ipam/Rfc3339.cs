using System.Globalization;

namespace Calico.Sdk.Ipam;

/// <summary>RFC 3339 timestamps as stored in IPAM objects (claim and release times).</summary>
internal static class Rfc3339
{
    /// <summary>Formats a UTC timestamp with up to 7 fractional digits.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a stored timestamp; <see langword="null"/> when absent or malformed.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
