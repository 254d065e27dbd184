namespace Calico.Sdk.Serialization;

/// <summary>
/// The map key order of the Go YAML encoder that calicoctl's output goes through: a "natural" order where runs of
/// digits compare by numeric value, letters compare by code point, and non-letters sort before letters.
/// </summary>
internal sealed class GoYamlKeyComparer : IComparer<string>
{
    public static GoYamlKeyComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        if (Less(x, y))
        {
            return -1;
        }

        return Less(y, x) ? 1 : 0;
    }

    private static bool Less(string a, string b)
    {
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            var al = char.IsLetter(a[i]);
            var bl = char.IsLetter(b[i]);
            if (al && bl)
            {
                return a[i] < b[i];
            }

            if (al || bl)
            {
                return bl;
            }

            long an = 0, bn = 0;
            if (a[i] == '0' || b[i] == '0')
            {
                // A zero inside a longer number (e.g. the 0 of "10") is not a leading zero: compare digit by digit.
                for (var j = i - 1; j >= 0 && char.IsAsciiDigit(a[j]); j--)
                {
                    if (a[j] != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }

            int ai, bi;
            for (ai = i; ai < a.Length && char.IsAsciiDigit(a[ai]); ai++)
            {
                an = (an * 10) + (a[ai] - '0');
            }

            for (bi = i; bi < b.Length && char.IsAsciiDigit(b[bi]); bi++)
            {
                bn = (bn * 10) + (b[bi] - '0');
            }

            if (an != bn)
            {
                return an < bn;
            }

            if (ai != bi)
            {
                return ai < bi;
            }

            return a[i] < b[i];
        }

        return a.Length < b.Length;
    }
}
