using System.Text.Json.Nodes;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>One document of an input stream, converted to a JSON tree, with any syntax-level errors.</summary>
/// <param name="Index">The 0-based document index in the stream.</param>
/// <param name="Root">The document's root; <see langword="null"/> for an empty document.</param>
/// <param name="Errors">Syntax-level errors (bad YAML/JSON, duplicate keys, unsupported values).</param>
internal sealed record ParsedDocument(int Index, JsonNode? Root, IReadOnlyList<ResourceError> Errors);
