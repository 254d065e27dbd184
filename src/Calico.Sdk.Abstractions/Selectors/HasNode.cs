using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary><c>has(label)</c>: the label is present (an empty value counts).</summary>
internal sealed class HasNode(string label) : SelectorNode(NodeKind.Has)
{
    public string Label { get; } = label;

    public override void WriteTo(StringBuilder builder) => builder.Append("has(").Append(Label).Append(')');

    public override SelectorNode WithLabelPrefix(string prefix) => new HasNode(LabelText.Share(prefix + Label));

    public override void CollectLabels(HashSet<string> names) => names.Add(Label);
}
