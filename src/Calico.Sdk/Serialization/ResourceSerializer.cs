using Calico.Sdk.Resources;
using Calico.Sdk.Validation;

namespace Calico.Sdk.Serialization;

/// <summary>
/// Reads and writes resources in calicoctl's YAML and JSON shapes: single documents, multi-document YAML streams,
/// concatenated JSON documents, and <c>kind: List</c> / <c>&lt;Kind&gt;List</c> documents. Native-AOT safe: YAML is
/// bridged through YamlDotNet's parser and emitter to System.Text.Json's source-generated contracts.
/// </summary>
public static partial class ResourceSerializer
{
    /// <summary>
    /// Reads every resource of a YAML or JSON text. The whole input is rejected when any document is bad.
    /// </summary>
    /// <param name="text">YAML (one or more documents) or JSON (one or more concatenated objects).</param>
    /// <param name="options">What else to do while reading; <see cref="ReadOptions.Default"/> when null.</param>
    /// <returns>The resources in input order (list items in place of their list).</returns>
    /// <exception cref="ResourceValidationException">Any document is malformed or (with validation on) invalid.</exception>
    public static IReadOnlyList<Resource> Read(string text, ReadOptions? options = null)
    {
        var bound = ReadBound(text, options);
        var errors = bound.SelectMany(b => b.Errors).ToList();
        if (errors.Count > 0)
        {
            throw new ResourceValidationException(errors);
        }

        return [.. bound.Select(b => b.Resource!)];
    }

    /// <summary>Reads every resource of a YAML or JSON stream; see <see cref="Read(string, ReadOptions?)"/>.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="options">What else to do while reading.</param>
    /// <returns>The resources in input order.</returns>
    /// <exception cref="ResourceValidationException">Any document is malformed or invalid.</exception>
    public static IReadOnlyList<Resource> Read(TextReader reader, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader.ReadToEnd(), options);
    }

    /// <summary>
    /// Reads a YAML or JSON text document by document: a bad document yields a result with errors and does not stop
    /// the others (except after a YAML/JSON syntax error, which ends the stream).
    /// </summary>
    /// <param name="text">The input.</param>
    /// <param name="options">What else to do while reading.</param>
    /// <returns>One result per resource (per list item for <c>List</c> documents) or per failed document.</returns>
    public static IReadOnlyList<ResourceReadResult> ReadDocuments(string text, ReadOptions? options = null) =>
        [.. ReadBound(text, options).Select(b => new ResourceReadResult(b.DocumentIndex, b.ItemIndex, b.Errors.Count == 0 ? b.Resource : null, b.Errors))];

    /// <summary>Reads exactly one resource of type <typeparamref name="TResource"/>.</summary>
    /// <typeparam name="TResource">The expected kind.</typeparam>
    /// <param name="text">The input.</param>
    /// <param name="options">What else to do while reading.</param>
    /// <returns>The resource.</returns>
    /// <exception cref="ResourceValidationException">The input is bad, holds another kind, or not exactly one resource.</exception>
    public static TResource ReadSingle<TResource>(string text, ReadOptions? options = null)
        where TResource : Resource
    {
        var resources = Read(text, options);
        if (resources.Count != 1)
        {
            throw new ResourceValidationException([new ResourceError(0, string.Empty, null, $"expected exactly one resource, found {resources.Count}")]);
        }

        return resources[0] as TResource
            ?? throw new ResourceValidationException([new ResourceError(0, "kind", resources[0].Kind, $"expected a {typeof(TResource).Name}")]);
    }

    private static List<BoundResource> ReadBound(string text, ReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= ReadOptions.Default;
        var documents = JsonInputReader.LooksLikeJson(text)
            ? JsonInputReader.Read(text)
            : ReadYaml(text);
        var bound = new List<BoundResource>();
        foreach (var document in documents)
        {
            ResourceBinder.Bind(document, bound);
        }

        foreach (var b in bound)
        {
            if (b.Resource is null || b.Errors.Count > 0)
            {
                continue;
            }

            if (options.ApplyDefaults)
            {
                ResourceDefaults.Apply(b.Resource);
            }

            if (options.Validate)
            {
                b.Errors.AddRange(ResourceValidator.Validate(b.Resource, b.DocumentIndex, b.PathPrefix));
            }
        }

        return bound;
    }

    private static List<ParsedDocument> ReadYaml(string text)
    {
        using var reader = new StringReader(text);
        return YamlInputReader.Read(reader);
    }
}
