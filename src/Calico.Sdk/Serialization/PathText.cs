using System.Globalization;

namespace Calico.Sdk.Serialization;

/// <summary>Builds the JSON-path-ish field paths used in errors: <c>spec.ingress[0].ports[1]</c>, <c>metadata.labels['a.b/c']</c>.</summary>
internal static class PathText
{
    public static string Append(string path, string key)
    {
        var simple = key.Length > 0;
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                simple = false;
                break;
            }
        }

        if (!simple)
        {
            return $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";
        }

        return path.Length == 0 ? key : $"{path}.{key}";
    }

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>Joins a prefix (e.g. <c>items[2]</c>) and a relative path.</summary>
    public static string Combine(string prefix, string relative)
    {
        if (prefix.Length == 0)
        {
            return relative;
        }

        if (relative.Length == 0)
        {
            return prefix;
        }

        return relative[0] == '[' ? prefix + relative : prefix + "." + relative;
    }
}
