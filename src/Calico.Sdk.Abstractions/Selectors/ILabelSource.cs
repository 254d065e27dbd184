using System.Diagnostics.CodeAnalysis;

namespace Calico.Sdk.Selectors;

/// <summary>
/// The labels a <see cref="Selector"/> is evaluated against. Selectors read labels only through this interface, so
/// an endpoint can answer with its effective labels (its own label if present, otherwise the first parent
/// profile's or namespace's) without materialising a merged map.
/// </summary>
public interface ILabelSource
{
    /// <summary>Looks up one label by its exact (case-sensitive) name.</summary>
    /// <param name="name">The label name.</param>
    /// <param name="value">The label's value when present; an empty string is a present value.</param>
    /// <returns><see langword="true"/> when the label is present.</returns>
    bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value);
}
