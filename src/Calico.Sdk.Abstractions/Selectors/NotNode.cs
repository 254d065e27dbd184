using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary><c>!operand</c>, rendered with no space and no extra parentheses (<c>!a == "b"</c>).</summary>
internal sealed class NotNode(SelectorNode operand) : SelectorNode(NodeKind.Not)
{
    public SelectorNode Operand { get; } = operand;

    public override void WriteTo(StringBuilder builder)
    {
        builder.Append('!');
        Operand.WriteTo(builder);
    }

    public override SelectorNode WithLabelPrefix(string prefix) => new NotNode(Operand.WithLabelPrefix(prefix));

    public override void CollectLabels(HashSet<string> names) => Operand.CollectLabels(names);
}
