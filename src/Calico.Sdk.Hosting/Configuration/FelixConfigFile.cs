namespace Calico.Sdk.Hosting.Configuration;

/// <summary>Reads Felix's INI-style configuration file (<c>felix.cfg</c>): <c>[global]</c> section, <c>Key = Value</c> lines.</summary>
internal static class FelixConfigFile
{
    public static Dictionary<string, string> Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (line[^1] != ']')
                {
                    throw new NodeConfigurationException($"{path}:{lineNumber}: section header '{line}' has no closing ']'");
                }

                continue;
            }

            var eq = line.IndexOfAny(['=', ':']);
            if (eq <= 0)
            {
                throw new NodeConfigurationException($"{path}:{lineNumber}: '{line}' is not 'Key = Value'");
            }

            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return values;
    }
}
