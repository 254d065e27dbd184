using System.Text;

namespace Calico.Ctl.Output;

/// <summary>
/// calicoctl's plain table (Go <c>tabwriter</c>, minimum width 5, padding 3, space-filled): every column but the
/// last is padded to its widest cell plus three spaces; the last is not padded.
/// </summary>
internal static class TabTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headings, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headings };
        all.AddRange(rows);
        var widths = new int[headings.Count];
        foreach (var row in all)
        {
            for (var c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], Math.Max(row[c].Length + 3, 5));
            }
        }

        var line = new StringBuilder();
        foreach (var row in all)
        {
            line.Clear();
            for (var c = 0; c < row.Count; c++)
            {
                line.Append(c == row.Count - 1 ? row[c] : row[c].PadRight(widths[c]));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
