using System.Runtime.CompilerServices;

namespace Calico.Sdk.Selectors;

/// <summary>
/// Evaluates a selector tree. Generic over the label source and switching on <see cref="NodeKind"/>: for a struct
/// source the JIT specialises the code, so there is no virtual dispatch, boxing or allocation per evaluation.
/// Leaves under <c>&amp;&amp;</c>/<c>||</c> are evaluated inline rather than through a recursive call.
/// </summary>
internal static class SelectorEvaluator
{
    public static bool Evaluate<TLabels>(SelectorNode node, ref TLabels labels)
        where TLabels : ILabelSource
    {
        // The Unsafe.As casts are safe: each NodeKind is produced by exactly one node class.
        switch (node.Kind)
        {
            case NodeKind.Not:
                return !Evaluate(Unsafe.As<NotNode>(node).Operand, ref labels);
            case NodeKind.And:
                foreach (var operand in Unsafe.As<BooleanNode>(node).Operands)
                {
                    if (!(IsLeaf(operand) ? EvaluateLeaf(operand, ref labels) : Evaluate(operand, ref labels)))
                    {
                        return false;
                    }
                }

                return true;
            case NodeKind.Or:
                foreach (var operand in Unsafe.As<BooleanNode>(node).Operands)
                {
                    if (IsLeaf(operand) ? EvaluateLeaf(operand, ref labels) : Evaluate(operand, ref labels))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return EvaluateLeaf(node, ref labels);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLeaf(SelectorNode node) => node.Kind < NodeKind.Not;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EvaluateLeaf<TLabels>(SelectorNode node, ref TLabels labels)
        where TLabels : ILabelSource
    {
        switch (node.Kind)
        {
            case NodeKind.All:
            case NodeKind.Global:
                return true;
            case NodeKind.Has:
                return labels.TryGetLabel(Unsafe.As<HasNode>(node).Label, out _);
            case NodeKind.Equal:
            {
                var n = Unsafe.As<LabelValueNode>(node);
                return labels.TryGetLabel(n.Label, out var value) && string.Equals(value, n.Value);
            }

            case NodeKind.NotEqual:
            {
                var n = Unsafe.As<LabelValueNode>(node);
                return !labels.TryGetLabel(n.Label, out var value) || !string.Equals(value, n.Value);
            }

            case NodeKind.Contains:
            {
                var n = Unsafe.As<LabelValueNode>(node);
                return labels.TryGetLabel(n.Label, out var value) && value.Contains(n.Value, StringComparison.Ordinal);
            }

            case NodeKind.StartsWith:
            {
                var n = Unsafe.As<LabelValueNode>(node);
                return labels.TryGetLabel(n.Label, out var value) && value.StartsWith(n.Value, StringComparison.Ordinal);
            }

            case NodeKind.EndsWith:
            {
                var n = Unsafe.As<LabelValueNode>(node);
                return labels.TryGetLabel(n.Label, out var value) && value.EndsWith(n.Value, StringComparison.Ordinal);
            }

            case NodeKind.In:
            {
                var n = Unsafe.As<LabelSetNode>(node);
                return labels.TryGetLabel(n.Label, out var value) && n.Contains(value);
            }

            case NodeKind.NotIn:
            {
                var n = Unsafe.As<LabelSetNode>(node);
                return !labels.TryGetLabel(n.Label, out var value) || !n.Contains(value);
            }

            default:
                throw new InvalidOperationException($"not a leaf selector node: {node.Kind}");
        }
    }
}
