namespace Calico.Ctl.Cli;

/// <summary>
/// Hand-written parsing of <c>--name=value</c>, <c>--name value</c>, <c>-n value</c>, <c>-nvalue</c>, boolean flags
/// (<c>--flag</c>, <c>--flag=true</c>) and positionals; <c>--</c> ends the options. Unknown options are errors.
/// </summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static ParsedArgs Parse(IReadOnlyList<string> args, ArgSpec spec)
    {
        var parsed = new ParsedArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-' || arg == "-")
            {
                parsed.Positionals.Add(arg);
                continue;
            }

            string name = arg;
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }
            else if (arg[1] != '-' && arg.Length > 2)
            {
                // -ovalue (short option glued to its value)
                name = arg[..2];
                inline = arg[2..];
            }

            if (!spec.TryGet(name, out var canonical, out var takesValue))
            {
                throw new CtlException($"unknown flag: {name}");
            }

            if (takesValue)
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CtlException($"flag needs an argument: {name}"));
                parsed.Add(canonical, value);
            }
            else if (inline is null || bool.TryParse(inline, out var on) && on)
            {
                parsed._flags.Add(canonical);
            }
            else if (!bool.TryParse(inline, out _))
            {
                throw new CtlException($"invalid value for {name}: \"{inline}\" (expected true or false)");
            }
        }

        return parsed;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool HasValue(string name) => _values.ContainsKey(name);

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
    }
}
