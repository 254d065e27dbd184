using System.Diagnostics.CodeAnalysis;

namespace Calico.Sdk.Selectors;

/// <summary>
/// Label source over a concrete <see cref="Dictionary{TKey, TValue}"/>: lookups are direct calls instead of
/// interface dispatch, which is most of the cost of a short selector.
/// </summary>
internal readonly struct ConcreteDictionaryLabelSource(Dictionary<string, string> labels) : ILabelSource
{
    public bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value) => labels.TryGetValue(name, out value);
}
