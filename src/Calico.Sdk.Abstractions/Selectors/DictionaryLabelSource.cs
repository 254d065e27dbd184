using System.Diagnostics.CodeAnalysis;

namespace Calico.Sdk.Selectors;

/// <summary>
/// Adapts a label dictionary to <see cref="ILabelSource"/>. It is a struct so that
/// <see cref="Selector.Matches{TLabels}(TLabels)"/> evaluates a dictionary without allocating.
/// </summary>
public readonly struct DictionaryLabelSource : ILabelSource
{
    private readonly IReadOnlyDictionary<string, string> _labels;

    /// <summary>Wraps <paramref name="labels"/>; the dictionary is read, never copied.</summary>
    /// <param name="labels">The labels, keyed by name (expected to use ordinal key comparison).</param>
    public DictionaryLabelSource(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = labels;
    }

    /// <inheritdoc />
    public bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value)
    {
        if (_labels is null)
        {
            // default(DictionaryLabelSource) behaves as an empty label set.
            value = null;
            return false;
        }

        return _labels.TryGetValue(name, out value);
    }
}
