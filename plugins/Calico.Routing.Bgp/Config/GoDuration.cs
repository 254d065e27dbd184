using System.Globalization;

namespace Calico.Routing.Bgp.Config;

/// <summary>Parses Go/Kubernetes durations as Calico writes them: <c>120s</c>, <c>2m0s</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
internal static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        while (span.Length > 0)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var unit = digits;
            while (unit < span.Length && char.IsAsciiLetter(span[unit]))
            {
                unit++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            TimeSpan part;
            switch (span[digits..unit])
            {
                case "h": part = TimeSpan.FromHours(number); break;
                case "m": part = TimeSpan.FromMinutes(number); break;
                case "s": part = TimeSpan.FromSeconds(number); break;
                case "ms": part = TimeSpan.FromMilliseconds(number); break;
                default: return false;
            }

            value += part;
            span = span[unit..];
        }

        return true;
    }
}
