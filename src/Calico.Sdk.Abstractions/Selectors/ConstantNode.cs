using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary><c>all()</c> or <c>global()</c>; both evaluate to true.</summary>
internal sealed class ConstantNode : SelectorNode
{
    private ConstantNode(NodeKind kind)
        : base(kind)
    {
    }

    /// <summary>The <c>all()</c> node.</summary>
    public static ConstantNode All { get; } = new(NodeKind.All);

    /// <summary>The <c>global()</c> node.</summary>
    public static ConstantNode Global { get; } = new(NodeKind.Global);

    public override void WriteTo(StringBuilder builder) => builder.Append(Kind == NodeKind.All ? "all()" : "global()");

    public override SelectorNode WithLabelPrefix(string prefix) => this;

    public override void CollectLabels(HashSet<string> names)
    {
        // Names no label.
    }
}
