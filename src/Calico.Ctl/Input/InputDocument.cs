using Calico.Sdk.Resources;

namespace Calico.Ctl.Input;

/// <summary>One resource of the input, with where it came from (file, 0-based document, list item).</summary>
internal sealed record InputDocument(string Source, int DocumentIndex, int? ItemIndex, Resource? Resource, IReadOnlyList<ResourceError> Errors)
{
    /// <summary><c>pools.yaml document 2</c> (1-based) or <c>pools.yaml document 1 item 3</c>.</summary>
    public string Where => Source == "argument"
        ? $"argument {DocumentIndex + 1}"
        : $"{Source} document {DocumentIndex + 1}" + (ItemIndex is { } i ? $" item {i + 1}" : string.Empty);
}
