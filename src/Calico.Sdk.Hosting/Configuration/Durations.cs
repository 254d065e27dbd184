using System.Globalization;

namespace Calico.Sdk.Hosting.Configuration;

/// <summary>Parses durations the way Calico writes them: Go durations (<c>1m30s</c>, <c>500ms</c>) or plain seconds (<c>30</c>).</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double? unit = text[unitStart..i] switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 0.001,
                "us" or "µs" => 0.000001,
                "ns" => 0.000000001,
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            total += number * unit.Value;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    public static string Format(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
