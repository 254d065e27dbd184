namespace Calico.Sdk.Selectors;

/// <summary>
/// Orders strings by Unicode code point, which is the byte order of their UTF-8 encodings (how Calico sorts set
/// members). Plain UTF-16 ordinal order differs only where a surrogate pair meets a char in U+E000..U+FFFF.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static CodePointComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            char a = x[i], b = y[i];
            if (a == b)
            {
                continue;
            }

            var aSurrogate = char.IsSurrogate(a);
            if (aSurrogate != char.IsSurrogate(b))
            {
                // A surrogate encodes a code point above U+FFFF, so it sorts after any BMP char.
                return aSurrogate ? 1 : -1;
            }

            return a < b ? -1 : 1;
        }

        return x.Length.CompareTo(y.Length);
    }
}
