using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>
/// Turns a System.Text.Json binding failure into a <see cref="ResourceError"/>: the field path (from
/// <see cref="JsonException.Path"/>), the offending value (looked up in the JSON tree) and a short reason.
/// </summary>
internal static partial class JsonErrorTranslator
{
    public static ResourceError Translate(JsonException ex, JsonNode root, int documentIndex, string pathPrefix)
    {
        var relative = ToRelativePath(ex.Path);
        var message = ex.Message;
        var unmapped = UnmappedProperty().Match(message);
        if (unmapped.Success)
        {
            var field = unmapped.Groups[1].Value;

            // Depending on where the reader stopped, the path may or may not already end with the field.
            var parentValue = Lookup(root, relative);
            if (parentValue is JsonObject parent && parent.ContainsKey(field))
            {
                relative = PathText.Append(relative, field);
            }

            return new ResourceError(
                documentIndex,
                PathText.Combine(pathPrefix, relative),
                null,
                $"field \"{field}\" is not recognized or is in the wrong location");
        }

        var value = Lookup(root, relative);
        var convert = CouldNotConvert().Match(message);
        if (convert.Success)
        {
            message = $"expected {Describe(convert.Groups[1].Value)}, got {DescribeNode(value)}";
        }
        else
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        return new ResourceError(documentIndex, PathText.Combine(pathPrefix, relative), ValueText(value), message);
    }

    /// <summary>The text shown for a value in an error: the scalar itself, or compact JSON for a structure.</summary>
    public static string? ValueText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string ToRelativePath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return string.Empty;
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath[1..];
    }

    /// <summary>Finds the node at a relative path of the form <c>a.b[0]['c.d']</c>.</summary>
    public static JsonNode? Lookup(JsonNode? root, string path)
    {
        var node = root;
        var i = 0;
        while (i < path.Length && node is not null)
        {
            if (path[i] == '.')
            {
                i++;
            }

            if (path[i] == '[')
            {
                if (i + 1 < path.Length && path[i + 1] == '\'')
                {
                    var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                    var key = path[(i + 2)..end].Replace("\\'", "'", StringComparison.Ordinal);
                    node = node is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
                    i = end + 2;
                }
                else
                {
                    var end = path.IndexOf(']', i);
                    var index = int.Parse(path.AsSpan(i + 1, end - i - 1), CultureInfo.InvariantCulture);
                    node = node is JsonArray a && index < a.Count ? a[index] : null;
                    i = end + 1;
                }

                continue;
            }

            var stop = path.IndexOfAny(['.', '['], i);
            var name = stop < 0 ? path[i..] : path[i..stop];
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? value : null;
            i = stop < 0 ? path.Length : stop;
        }

        return node;
    }

    private static string Describe(string typeName)
    {
        var inner = NullableOf().Match(typeName);
        if (inner.Success)
        {
            typeName = inner.Groups[1].Value;
        }

        return typeName switch
        {
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" => "an integer",
            "System.Double" => "a number",
            _ when typeName.StartsWith("System.Collections.Generic.IList", StringComparison.Ordinal)
                || typeName.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "a list",
            _ when typeName.StartsWith("System.Collections.Generic.IDictionary", StringComparison.Ordinal)
                || typeName.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "a map",
            _ => "an object",
        };
    }

    private static string DescribeNode(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };

    [GeneratedRegex(@"The JSON property '(.*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to (\S+?)\.? Path", RegexOptions.CultureInvariant)]
    private static partial Regex CouldNotConvert();

    [GeneratedRegex(@"^System\.Nullable`1\[(.*)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex NullableOf();
}
