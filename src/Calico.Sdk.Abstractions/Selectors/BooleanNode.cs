using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary>
/// An n-ary <c>&amp;&amp;</c> or <c>||</c> over two or more operands. One node per parsed operator chain, so
/// <c>a &amp;&amp; b &amp;&amp; c</c> is one node while explicitly parenthesised groups stay nested.
/// </summary>
internal sealed class BooleanNode : SelectorNode
{
    public BooleanNode(NodeKind kind, SelectorNode[] operands)
        : base(kind)
    {
        if (kind is not (NodeKind.And or NodeKind.Or))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a boolean operator");
        }

        if (operands.Length < 2)
        {
            throw new ArgumentException("a boolean node needs at least two operands", nameof(operands));
        }

        Operands = operands;
    }

    public SelectorNode[] Operands { get; }

    public override void WriteTo(StringBuilder builder)
    {
        // Calico parenthesises every &&/|| node, even at the top level.
        var separator = Kind == NodeKind.And ? " && " : " || ";
        builder.Append('(');
        for (var i = 0; i < Operands.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            Operands[i].WriteTo(builder);
        }

        builder.Append(')');
    }

    public override SelectorNode WithLabelPrefix(string prefix)
    {
        var rewritten = new SelectorNode[Operands.Length];
        for (var i = 0; i < Operands.Length; i++)
        {
            rewritten[i] = Operands[i].WithLabelPrefix(prefix);
        }

        return new BooleanNode(Kind, rewritten);
    }

    public override void CollectLabels(HashSet<string> names)
    {
        foreach (var operand in Operands)
        {
            operand.CollectLabels(names);
        }
    }
}
