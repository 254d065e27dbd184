namespace Calico.Sdk.Resources;

/// <summary>One problem with one resource document: where it is, what was there and why it is wrong.</summary>
/// <param name="DocumentIndex">The 0-based index of the document in the input stream (or of the resource in a batch).</param>
/// <param name="Path">
/// The field path in JSON-path-ish form, e.g. <c>spec.ingress[0].destination.ports[1]</c>; list items of a
/// <c>kind: List</c> document are prefixed with <c>items[N].</c>. Empty for the document itself.
/// </param>
/// <param name="Value">The offending value as text, or <see langword="null"/> when there is none (e.g. a missing field).</param>
/// <param name="Message">Why it is wrong.</param>
public sealed record ResourceError(int DocumentIndex, string Path, string? Value, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Path.Length == 0 ? $"document {DocumentIndex}" : $"document {DocumentIndex}, {Path}";
        return Value is null ? $"{where}: {Message}" : $"{where} = \"{Value}\": {Message}";
    }
}
