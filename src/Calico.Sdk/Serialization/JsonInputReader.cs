using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>Reads one or more concatenated JSON documents (e.g. <c>calicoctl get -o json</c> output) into JSON trees.</summary>
internal static class JsonInputReader
{
    /// <summary>Whether the text is JSON rather than YAML: its first significant character opens an object.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                return c == '{';
            }
        }

        return false;
    }

    public static List<ParsedDocument> Read(string text)
    {
        var documents = new List<ParsedDocument>();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var options = new JsonNodeOptions { PropertyNameCaseInsensitive = false };

        // A repeated property is an error, as it is in YAML input (Go's reader would silently keep the last one).
        var documentOptions = new JsonDocumentOptions { AllowDuplicateProperties = false, CommentHandling = JsonCommentHandling.Skip };
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                try
                {
                    var node = JsonNode.Parse(bytes.AsSpan(start, (int)reader.BytesConsumed - start), options, documentOptions);
                    documents.Add(new ParsedDocument(documents.Count, node, []));
                }
                catch (JsonException ex)
                {
                    // The document is well-formed (Skip succeeded), so this is a semantic problem such as a repeated key.
                    var path = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : string.Empty;
                    documents.Add(new ParsedDocument(documents.Count, null, [new ResourceError(documents.Count, path, null, StripLocation(ex.Message))]));
                }
            }
        }
        catch (JsonException ex)
        {
            documents.Add(new ParsedDocument(documents.Count, null, [new ResourceError(
                documents.Count,
                string.Empty,
                null,
                string.Create(CultureInfo.InvariantCulture, $"JSON syntax error at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {StripLocation(ex.Message)}"))]));
        }

        return documents;
    }

    private static string StripLocation(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '|', '.') + ".";
    }
}
