using System.Globalization;
using System.Text;
using Calico.Dataplane.Iptables.Rendering;

namespace Calico.Dataplane.Iptables.Kernel;

/// <summary>
/// What <c>iptables-save -t filter</c> shows of one family: chains, rules, which of them are ours (<c>cali-</c>),
/// our hook rules in the built-in chains and which of our chains other tools' chains refer to.
/// </summary>
internal sealed class KernelView
{
    private readonly List<(string Chain, string Spec)> _rules = [];
    private readonly Dictionary<string, bool> _chains = new(StringComparer.Ordinal); // name → built-in

    /// <summary>The desired hook rule of each built-in chain we hook.</summary>
    public static readonly IReadOnlyDictionary<string, string> Hooks = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FORWARD"] = "-j " + Names.Forward,
        ["INPUT"] = "-j " + Names.Input,
    };

    /// <summary>Parses the output of <c>iptables-save -t filter</c> (an empty text is an absent table).</summary>
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
    public List<string> HookRepairs(bool install)
    {
        var lines = new List<string>();
        foreach (var builtin in _chains.Where(c => c.Value).Select(c => c.Key).Order(StringComparer.Ordinal))
        {
            var rules = _rules.Where(r => r.Chain == builtin).Select(r => r.Spec).ToList();
            var ours = rules.Where(s => Target(s) is not null).ToList();
            var wanted = install ? Hooks.GetValueOrDefault(builtin) : null;
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

        if (install)
        {
            // A built-in chain we hook is always present in the filter table; an empty table lists none.
            foreach (var (builtin, wanted) in Hooks.Where(h => !_chains.ContainsKey(h.Key)).OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                lines.Add("-I " + builtin + " 1 " + wanted);
            }
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
