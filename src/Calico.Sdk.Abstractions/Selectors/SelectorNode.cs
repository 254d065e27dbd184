using System.Text;

namespace Calico.Sdk.Selectors;

/// <summary>An immutable node of a parsed selector.</summary>
internal abstract class SelectorNode
{
    protected SelectorNode(NodeKind kind) => Kind = kind;

    /// <summary>What this node is; fixes its concrete type.</summary>
    public NodeKind Kind { get; }

    /// <summary>Appends the canonical (Calico <c>String()</c>) form of this node.</summary>
    /// <param name="builder">The output.</param>
    public abstract void WriteTo(StringBuilder builder);

    /// <summary>Returns this node with <paramref name="prefix"/> put in front of every label name.</summary>
    /// <param name="prefix">The prefix, already validated.</param>
    /// <returns>The rewritten node (this node when it names no label).</returns>
    public abstract SelectorNode WithLabelPrefix(string prefix);

    /// <summary>Adds every label name this node refers to.</summary>
    /// <param name="names">The set to add to.</param>
    public abstract void CollectLabels(HashSet<string> names);

    /// <summary>The canonical form of this node.</summary>
    /// <returns>The canonical string.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }
}
