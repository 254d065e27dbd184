using System.Globalization;
using System.Text;
using Calico.Dataplane.Iptables.Rendering;

namespace Calico.Dataplane.Iptables.Kernel;

/// <summary>
/// What <c>iptables-save</c> shows of one table of one family: chains, rules, which of them are ours (<c>cali-</c>),
/// our hook rules in the built-in chains and which of our chains other tools' chains refer to.
/// </summary>
internal sealed class KernelView
{
    private readonly List<(string Chain, string Spec)> _rules = [];
    private readonly Dictionary<string, bool> _chains = new(StringComparer.Ordinal); // name → built-in

    /// <summary>Per table, the built-in chains we hook and our chain each jumps to (hooked while that chain exists).</summary>
    public static readonly IReadOnlyDictionary<string, (string Builtin, string Chain)[]> HookTargets = new Dictionary<string, (string, string)[]>(StringComparer.Ordinal)
    {
        ["raw"] = [("OUTPUT", Names.Output), ("PREROUTING", Names.Prerouting)],
        ["mangle"] = [("PREROUTING", Names.Prerouting)],
        ["filter"] = [("FORWARD", Names.Forward), ("INPUT", Names.Input), ("OUTPUT", Names.Output)],
    };

    /// <summary>The workload hooks of the filter table (<c>FORWARD</c> and <c>INPUT</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> WorkloadHooks = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FORWARD"] = "-j " + Names.Forward,
        ["INPUT"] = "-j " + Names.Input,
    };

    /// <summary>The hook rules of one table for the chains that exist in it: built-in chain → rule.</summary>
    public static Dictionary<string, string> Hooks(string table, Func<string, bool> exists) =>
        HookTargets[table].Where(h => exists(h.Chain)).ToDictionary(h => h.Builtin, h => "-j " + h.Chain, StringComparer.Ordinal);

    /// <summary>Parses a full <c>iptables-save</c> listing into one view per table it lists.</summary>
    public static Dictionary<string, KernelView> ParseTables(string save)
    {
        var tables = new Dictionary<string, KernelView>(StringComparer.Ordinal);
        string? table = null;
        var start = 0;
        var lines = save.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('*'))
            {
                table = lines[i][1..].TrimEnd('\r');
                start = i + 1;
            }
            else if (lines[i].StartsWith("COMMIT", StringComparison.Ordinal) && table is not null)
            {
                tables[table] = Parse(string.Join('\n', lines[start..i]));
                table = null;
            }
        }

        return tables;
    }

    /// <summary>Parses one table's part of <c>iptables-save</c> (an empty text is an absent table).</summary>
    public static KernelView Parse(string save)
    {
        var view = new KernelView();
        foreach (var raw in save.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(':'))
            {
                var parts = line[1..].Split(' ');
                view._chains[parts[0]] = parts.Length > 1 && parts[1] != "-";
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal))
            {
                var space = line.IndexOf(' ', 3);
                view._rules.Add(space < 0 ? (line[3..], string.Empty) : (line[3..space], line[(space + 1)..]));
            }
        }

        return view;
    }

    /// <summary>Our chains present in the table.</summary>
    public IEnumerable<string> OurChains => _chains.Keys.Where(IsOurs);

    /// <summary>Our chains that a rule of another tool's (non-built-in) chain jumps to: never deleted.</summary>
    public HashSet<string> ForeignReferences() =>
        [.. _rules.Where(r => !IsOurs(r.Chain) && !_chains.GetValueOrDefault(r.Chain)).Select(r => Target(r.Spec)).OfType<string>()];

    /// <summary>The rule lines that fix our hooks (deletes of misplaced ones, inserts at the top), empty when correct.</summary>
    public List<string> HookRepairs(IReadOnlyDictionary<string, string> hooks)
    {
        var lines = new List<string>();
        foreach (var builtin in _chains.Where(c => c.Value).Select(c => c.Key).Order(StringComparer.Ordinal))
        {
            var rules = _rules.Where(r => r.Chain == builtin).Select(r => r.Spec).ToList();
            var ours = rules.Where(s => Target(s) is not null).ToList();
            var wanted = hooks.GetValueOrDefault(builtin);
            var correct = wanted is null ? ours.Count == 0 : ours.Count == 1 && rules[0] == wanted;
            if (correct)
            {
                continue;
            }

            lines.AddRange(ours.Select(s => "-D " + builtin + " " + s));
            if (wanted is not null)
            {
                lines.Add("-I " + builtin + " 1 " + wanted);
            }
        }

        // A built-in chain we hook is always present in its table; an absent table lists none.
        foreach (var (builtin, wanted) in hooks.Where(h => !_chains.ContainsKey(h.Key)).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            lines.Add("-I " + builtin + " 1 " + wanted);
        }

        return lines;
    }

    /// <summary>
    /// Our part of the table as text: our chains and their rules, and each hook rule with its position in its
    /// built-in chain (another tool inserting ahead of our hook changes it too).
    /// </summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var chain in OurChains.Order(StringComparer.Ordinal))
        {
            text.Append(':').Append(chain).Append('\n');
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (chain, spec) in _rules)
        {
            var position = positions[chain] = positions.GetValueOrDefault(chain) + 1;
            if (IsOurs(chain))
            {
                text.Append(chain).Append(' ').Append(spec).Append('\n');
            }
            else if (_chains.GetValueOrDefault(chain) && Target(spec) is not null)
            {
                text.Append(chain).Append('#').Append(position.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(spec).Append('\n');
            }
        }

        return text.ToString();
    }

    private static bool IsOurs(string chain) => chain.StartsWith(Names.ChainPrefix, StringComparison.Ordinal);

    // The cali- chain a rule jumps or goes to, or null.
    private static string? Target(string spec)
    {
        var parts = spec.Split(' ');
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            if (parts[i] is "-j" or "-g" && IsOurs(parts[i + 1]))
            {
                return parts[i + 1];
            }
        }

        return null;
    }
}
