using System.Collections.Frozen;
using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary><c>label in {...}</c> or <c>label not in {...}</c>; the set is sorted and de-duplicated once.</summary>
internal sealed class LabelSetNode : SelectorNode
{
    // Up to this many values a linear ordinal scan beats hashing the probe string.
    private const int LinearScanLimit = 8;

    private readonly FrozenSet<string>? _lookup;

    public LabelSetNode(NodeKind kind, string label, IEnumerable<string> values)
        : base(kind)
    {
        if (kind is not (NodeKind.In or NodeKind.NotIn))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a set operator");
        }

        Label = label;
        var sorted = new SortedSet<string>(values, CodePointComparer.Instance);
        Values = [.. sorted];
        _lookup = Values.Length > LinearScanLimit ? Values.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    private LabelSetNode(NodeKind kind, string label, string[] sortedValues, FrozenSet<string>? lookup)
        : base(kind)
    {
        Label = label;
        Values = sortedValues;
        _lookup = lookup;
    }

    public string Label { get; }

    /// <summary>The members, sorted by code point (the byte order Calico sorts UTF-8 strings in), without duplicates.</summary>
    public string[] Values { get; }

    /// <summary>Whether <paramref name="value"/> is a member (ordinal comparison, no allocation).</summary>
    /// <param name="value">The label value.</param>
    /// <returns>Whether it is in the set.</returns>
    public bool Contains(string value)
    {
        if (_lookup is not null)
        {
            return _lookup.Contains(value);
        }

        foreach (var member in Values)
        {
            if (string.Equals(member, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public override void WriteTo(StringBuilder builder)
    {
        builder.Append(Label).Append(Kind == NodeKind.In ? " in {" : " not in {");
        for (var i = 0; i < Values.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            LabelText.AppendQuoted(builder, Values[i]);
        }

        builder.Append('}');
    }

    public override SelectorNode WithLabelPrefix(string prefix) => new LabelSetNode(Kind, LabelText.Share(prefix + Label), Values, _lookup);

    public override void CollectLabels(HashSet<string> names) => names.Add(Label);
}
