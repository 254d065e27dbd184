using System.Text;

namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>An nft script in flat command form (<c>add rule inet calico CHAIN ...</c>), applied as one transaction.</summary>
internal sealed class Script(TableLayout layout)
{
    private readonly StringBuilder _text = new();

    /// <summary>The table the commands address.</summary>
    public TableLayout Layout { get; } = layout;

    /// <summary>The number of commands.</summary>
    public int Commands { get; private set; }

    /// <summary>Appends <c>VERB OBJECT inet calico REST</c>.</summary>
    public void Add(string verb, string objectType, string rest)
    {
        _text.Append(verb).Append(' ').Append(objectType).Append(' ').Append(Layout.Qualified);
        if (rest.Length > 0)
        {
            _text.Append(' ').Append(rest);
        }

        _text.Append('\n');
        Commands++;
    }

    /// <summary>Creates a regular chain and fills it.</summary>
    public void NewChain(string chain, IEnumerable<string> rules)
    {
        Add("add", "chain", chain);
        Rules(chain, rules);
    }

    /// <summary>Replaces a chain's rules: flush, then re-add, within the same transaction.</summary>
    public void ReplaceChain(string chain, IEnumerable<string> rules)
    {
        Add("flush", "chain", chain);
        Rules(chain, rules);
    }

    /// <summary>Appends rules to a chain.</summary>
    public void Rules(string chain, IEnumerable<string> rules)
    {
        foreach (var rule in rules)
        {
            Add("add", "rule", chain + " " + rule);
        }
    }

    /// <summary>Adds or deletes set elements (nothing when the list is empty).</summary>
    public void Elements(string verb, string set, IReadOnlyCollection<string> elements)
    {
        if (elements.Count > 0)
        {
            Add(verb, "element", set + " { " + string.Join(", ", elements) + " }");
        }
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
