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
        try
        {
            while (reader.Read())
            {
                var node = JsonNode.Parse(ref reader, options);
                documents.Add(new ParsedDocument(documents.Count, node, []));
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
