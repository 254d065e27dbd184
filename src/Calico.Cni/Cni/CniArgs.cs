namespace Calico.Cni.Cni;

/// <summary>Parses CNI_ARGS: <c>KEY=VALUE</c> pairs separated by <c>;</c>; a value may itself hold <c>=</c>.</summary>
internal static class CniArgs
{
    public static IReadOnlyDictionary<string, string> Parse(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CniException(CniCodes.InvalidEnvironment, $"CNI_ARGS entry '{pair}' is not KEY=VALUE");
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }

    /// <summary>Parses <c>K8S_POD_LABELS</c>: <c>key:value</c> pairs separated by <c>,</c> (neither character can occur in a
    /// label, and <c>=</c> would break other plugins' CNI_ARGS parsing).</summary>
    public static Dictionary<string, string> ParseLabels(string? text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return labels;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf(':', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CniException(CniCodes.InvalidEnvironment, $"K8S_POD_LABELS entry '{pair}' is not key:value");
            }

            labels[pair[..eq]] = pair[(eq + 1)..];
        }

        return labels;
    }
}
