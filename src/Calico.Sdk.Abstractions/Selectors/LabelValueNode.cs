using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary>A label compared with one string: <c>==</c>, <c>!=</c>, <c>contains</c>, <c>starts with</c>, <c>ends with</c>.</summary>
internal sealed class LabelValueNode : SelectorNode
{
    public LabelValueNode(NodeKind kind, string label, string value)
        : base(kind)
    {
        if (kind is not (NodeKind.Equal or NodeKind.NotEqual or NodeKind.Contains or NodeKind.StartsWith or NodeKind.EndsWith))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a label/value operator");
        }

        Label = label;
        Value = value;
    }

    public string Label { get; }

    public string Value { get; }

    public override void WriteTo(StringBuilder builder)
    {
        var op = Kind switch
        {
            NodeKind.Equal => " == ",
            NodeKind.NotEqual => " != ",
            NodeKind.Contains => " contains ",
            NodeKind.StartsWith => " starts with ",
            _ => " ends with ",
        };
        builder.Append(Label).Append(op);
        LabelText.AppendQuoted(builder, Value);
    }

    public override SelectorNode WithLabelPrefix(string prefix) => new LabelValueNode(Kind, LabelText.Share(prefix + Label), Value);

    public override void CollectLabels(HashSet<string> names) => names.Add(Label);
}
