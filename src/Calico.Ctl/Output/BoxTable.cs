using System.Text;

namespace Calico.Ctl.Output;

/// <summary>
/// The boxed tables of <c>ipam show</c> and <c>node status</c> (Go <c>tablewriter</c> layout): <c>+---+</c> rules,
/// headings centred, numeric cells right-aligned and other cells left-aligned, one space of padding.
/// </summary>
internal static class BoxTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headings, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headings.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var rule = "+" + string.Join('+', widths.Select(w => new string('-', w + 2))) + "+";
        writer.WriteLine(rule);
        writer.WriteLine(Line(headings, widths, center: true));
        writer.WriteLine(rule);
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row, widths, center: false));
        }

        writer.WriteLine(rule);
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths, bool center)
    {
        var text = new StringBuilder("|");
        for (var c = 0; c < widths.Length; c++)
        {
            var cell = c < cells.Count ? cells[c] : string.Empty;
            string padded;
            if (center)
            {
                var gap = widths[c] - cell.Length;
                var left = gap / 2;
                padded = new string(' ', left) + cell + new string(' ', gap - left);
            }
            else
            {
                padded = IsNumber(cell) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]);
            }

            text.Append(' ').Append(padded).Append(" |");
        }

        return text.ToString();
    }

    private static bool IsNumber(string cell) => cell.Length > 0 && double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _);
}
