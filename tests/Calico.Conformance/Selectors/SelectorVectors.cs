using System.Text.Json;

namespace Calico.Conformance.Selectors;

/// <summary>
/// The selector vectors file: an object with up to five lists, <c>cases</c>, <c>invalid</c>, <c>valid</c>,
/// <c>canonical</c> and <c>prefix_visitor</c>. Missing lists are empty; other members (<c>meta</c>, <c>source</c>
/// fields) are ignored. A list of the wrong shape is an <see cref="InvalidDataException"/> naming the entry.
/// </summary>
internal sealed class SelectorVectors
{
    public static readonly string[] ListNames = ["cases", "invalid", "valid", "canonical", "prefix_visitor"];

    public List<EvaluationCase> Cases { get; } = [];

    public List<string> Invalid { get; } = [];

    public List<ValidCase> Valid { get; } = [];

    public List<CanonicalCase> Canonical { get; } = [];

    public List<PrefixCase> PrefixVisitor { get; } = [];

    public int ListsPresent { get; private set; }

    /// <summary>Reads and checks a vectors file.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The vectors.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="InvalidDataException">The JSON does not have the vectors shape.</exception>
    public static SelectorVectors Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"the top level must be an object holding {string.Join(", ", ListNames)}; it is {root.ValueKind}");
        }

        var vectors = new SelectorVectors();
        foreach (var name in ListNames)
        {
            if (!root.TryGetProperty(name, out var list))
            {
                continue;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"'{name}' must be an array; it is {list.ValueKind}");
            }

            vectors.ListsPresent++;
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                vectors.Add(name, index++, item);
            }
        }

        return vectors;
    }

    private void Add(string list, int index, JsonElement item)
    {
        var where = $"{list}[{index}]";
        switch (list)
        {
            case "cases":
                var labels = item.TryGetProperty("labels", out var labelsElement) ? labelsElement : default;
                Cases.Add(new EvaluationCase(where, RequiredString(item, "selector", where), ReadLabels(labels, where), Boolean(item, "matches", where)));
                break;
            case "invalid":
                // A bare string, or an object with a "selector" member.
                Invalid.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : RequiredString(item, "selector", where));
                break;
            case "valid":
                Valid.Add(new ValidCase(where, RequiredString(item, "selector", where), OptionalString(item, "canonical", where)));
                break;
            case "canonical":
                Canonical.Add(new CanonicalCase(where, RequiredString(item, "in", where), RequiredString(item, "out", where), OptionalString(item, "uid", where)));
                break;
            default:
                PrefixVisitor.Add(new PrefixCase(where, RequiredString(item, "in", where), RequiredString(item, "prefix", where), RequiredString(item, "out", where)));
                break;
        }
    }

    private static Dictionary<string, string> ReadLabels(JsonElement labels, string where)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return result;
        }

        if (labels.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: 'labels' must be an object of strings; it is {labels.ValueKind}");
        }

        foreach (var label in labels.EnumerateObject())
        {
            if (label.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{where}: label '{label.Name}' must be a string; it is {label.Value.ValueKind}");
            }

            result[label.Name] = label.Value.GetString()!;
        }

        return result;
    }

    private static string RequiredString(JsonElement item, string name, string where) =>
        OptionalString(item, name, where) ?? throw new InvalidDataException($"{where}: missing string member '{name}'");

    private static string? OptionalString(JsonElement item, string name, string where)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: must be an object; it is {item.ValueKind}");
        }

        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"{where}: '{name}' must be a string; it is {value.ValueKind}");
    }

    private static bool Boolean(JsonElement item, string name, string where) =>
        item.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw new InvalidDataException($"{where}: missing boolean member '{name}'");
}
