namespace Calico.Ctl.Cli;

/// <summary>The options a command accepts: names (long and short aliases) and whether each takes a value.</summary>
internal sealed class ArgSpec
{
    private readonly Dictionary<string, (string Canonical, bool TakesValue)> _names = new(StringComparer.Ordinal);

    public static ArgSpec Create() => new ArgSpec()
        .Value("config", "c")
        .Value("log-level", "l")
        .Flag("allow-version-mismatch")
        .Flag("help", "h");

    public ArgSpec Value(string name, string? shortName = null) => Add(name, shortName, true);

    public ArgSpec Flag(string name, string? shortName = null) => Add(name, shortName, false);

    public bool TryGet(string token, out string canonical, out bool takesValue)
    {
        if (_names.TryGetValue(token, out var entry))
        {
            (canonical, takesValue) = entry;
            return true;
        }

        canonical = string.Empty;
        takesValue = false;
        return false;
    }

    private ArgSpec Add(string name, string? shortName, bool takesValue)
    {
        _names["--" + name] = (name, takesValue);
        if (shortName is not null)
        {
            _names["-" + shortName] = (name, takesValue);
        }

        return this;
    }
}
