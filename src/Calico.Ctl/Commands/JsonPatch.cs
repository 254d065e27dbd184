using System.Text.Json.Nodes;
using Calico.Ctl.Cli;

namespace Calico.Ctl.Commands;

/// <summary>RFC 6902 JSON Patch (<c>patch --type=json</c>): add, remove, replace, move, copy and test, with RFC 6901 pointers.</summary>
internal static class JsonPatch
{
    public static void Apply(JsonObject document, JsonArray operations)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw new CtlException($"Failed to patch: operation {i} needs \"op\" and \"path\"");
            }

            try
            {
                switch (name)
                {
                    case "add":
                        Add(document, path, Value(op, i));
                        break;
                    case "remove":
                        Remove(document, path);
                        break;
                    case "replace":
                        Remove(document, path);
                        Add(document, path, Value(op, i));
                        break;
                    case "move":
                        var moved = Get(document, From(op, i));
                        Remove(document, From(op, i));
                        Add(document, path, moved);
                        break;
                    case "copy":
                        Add(document, path, Get(document, From(op, i))?.DeepClone());
                        break;
                    case "test":
                        if (!JsonNode.DeepEquals(Get(document, path), Value(op, i)))
                        {
                            throw new CtlException($"Failed to patch: operation {i} (test) failed: {path} does not hold the given value");
                        }

                        break;
                    default:
                        throw new CtlException($"Failed to patch: operation {i}: unknown op \"{name}\" (add, remove, replace, move, copy, test)");
                }
            }
            catch (KeyNotFoundException ex)
            {
                throw new CtlException($"Failed to patch: operation {i} ({name} {path}): {ex.Message}");
            }
        }
    }

    private static JsonNode? Value(JsonObject op, int i) =>
        op.TryGetPropertyValue("value", out var v) ? v?.DeepClone() : throw new CtlException($"Failed to patch: operation {i} needs \"value\"");

    private static string From(JsonObject op, int i) =>
        op["from"]?.GetValue<string>() ?? throw new CtlException($"Failed to patch: operation {i} needs \"from\"");

    private static (JsonNode Parent, string Key) Parent(JsonObject root, string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            throw new KeyNotFoundException($"\"{path}\" is not a JSON pointer (it must start with '/')");
        }

        var parts = path[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = Child(node, part) ?? throw new KeyNotFoundException($"{path}: \"{part}\" does not exist");
        }

        return (node, parts[^1]);
    }

    private static JsonNode? Child(JsonNode node, string key) => node switch
    {
        JsonObject o => o.TryGetPropertyValue(key, out var v) ? v : null,
        JsonArray a when int.TryParse(key, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, key) = Parent(root, path);
        return Child(parent, key) ?? throw new KeyNotFoundException($"{path} does not exist");
    }

    private static void Add(JsonObject root, string path, JsonNode? value)
    {
        var (parent, key) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[key] = value;
                break;
            case JsonArray a when key == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(key, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new KeyNotFoundException($"{path}: cannot add there");
        }
    }

    private static void Remove(JsonObject root, string path)
    {
        var (parent, key) = Parent(root, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(key),
            JsonArray a when int.TryParse(key, out var i) && i >= 0 && i < a.Count => Remove(a, i),
            _ => false,
        };
        if (!removed)
        {
            throw new KeyNotFoundException($"{path} does not exist");
        }
    }

    private static bool Remove(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }
}
