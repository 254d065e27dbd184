using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>The outcome of reading one resource (one document, or one item of a <c>kind: List</c> document).</summary>
/// <param name="DocumentIndex">The 0-based index of the document in the stream.</param>
/// <param name="ItemIndex">The index inside a <c>List</c> document, or <see langword="null"/> for a plain document.</param>
/// <param name="Resource">The resource, or <see langword="null"/> when it could not be read.</param>
/// <param name="Errors">What is wrong; empty on success.</param>
public sealed record ResourceReadResult(int DocumentIndex, int? ItemIndex, Resource? Resource, IReadOnlyList<ResourceError> Errors)
{
    /// <summary>Whether the resource was read without errors.</summary>
    public bool Succeeded => Resource is not null && Errors.Count == 0;
}
