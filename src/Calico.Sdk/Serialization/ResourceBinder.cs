using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <summary>Binds parsed documents (single resources or <c>kind: List</c>) to resource objects.</summary>
internal static class ResourceBinder
{
    private static readonly HashSet<string> ListFields = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "items" };

    public static void Bind(ParsedDocument document, List<BoundResource> results)
    {
        if (document.Errors.Count > 0)
        {
            results.Add(new BoundResource(document.Index, null, string.Empty, null, [.. document.Errors]));
            return;
        }

        if (document.Root is null)
        {
            return; // An empty document ("---" with nothing after it) holds no resource, as in calicoctl.
        }

        try
        {
            BindDocument(document.Index, document.Root, results);
        }
        catch (ArgumentException ex)
        {
            // JSON input with a repeated property name surfaces here when the tree is first walked.
            results.Add(new BoundResource(document.Index, null, string.Empty, null, [new ResourceError(document.Index, string.Empty, null, "document is not a valid object: " + ex.Message)]));
        }
    }

    private static void BindDocument(int index, JsonNode root, List<BoundResource> results)
    {
        if (root is not JsonObject obj)
        {
            results.Add(Failed(index, null, string.Empty, JsonErrorTranslator.ValueText(root), "a resource document must be a mapping with apiVersion, kind, metadata and spec"));
            return;
        }

        // Envelope errors of a single resource are reported by BindOne; here the envelope only picks the shape.
        var apiVersion = ReadString(obj, "apiVersion", out _);
        var kind = ReadString(obj, "kind", out _);
        if (kind is not null && apiVersion is not null && TryGetListItemKind(apiVersion, kind, out var itemKind, out var listError))
        {
            if (listError is not null)
            {
                results.Add(Failed(index, null, "apiVersion", apiVersion, listError));
                return;
            }

            BindList(index, obj, itemKind, results);
            return;
        }

        BindOne(index, null, string.Empty, obj, results);
    }

    private static void BindList(int index, JsonObject list, ResourceKind? itemKind, List<BoundResource> results)
    {
        foreach (var property in list)
        {
            if (!ListFields.Contains(property.Key))
            {
                results.Add(Failed(index, null, PathText.Append(string.Empty, property.Key), null, $"field \"{property.Key}\" is not recognized or is in the wrong location"));
                return;
            }
        }

        if (!list.TryGetPropertyValue("items", out var itemsNode) || itemsNode is null)
        {
            return; // An empty list.
        }

        if (itemsNode is not JsonArray items)
        {
            results.Add(Failed(index, null, "items", JsonErrorTranslator.ValueText(itemsNode), "items must be a list of resources"));
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var prefix = PathText.Index("items", i);
            if (items[i] is not JsonObject item)
            {
                results.Add(Failed(index, i, prefix, JsonErrorTranslator.ValueText(items[i]), "a list item must be a mapping with apiVersion, kind, metadata and spec"));
                continue;
            }

            if (itemKind is not null)
            {
                // Items of a typed list may leave their own apiVersion/kind implicit.
                item = (JsonObject)item.DeepClone();
                item.TryAdd("apiVersion", itemKind.ApiVersion);
                item.TryAdd("kind", itemKind.Kind);
            }

            BindOne(index, i, prefix, item, results);
        }
    }

    private static void BindOne(int index, int? item, string prefix, JsonObject obj, List<BoundResource> results)
    {
        var apiVersion = ReadString(obj, "apiVersion", out var apiError);
        var kindName = ReadString(obj, "kind", out var kindError);
        if (apiError is not null || kindError is not null)
        {
            var errors = new List<ResourceError>();
            if (apiError is not null)
            {
                errors.Add(new ResourceError(index, PathText.Combine(prefix, "apiVersion"), JsonErrorTranslator.ValueText(obj["apiVersion"]), apiError));
            }

            if (kindError is not null)
            {
                errors.Add(new ResourceError(index, PathText.Combine(prefix, "kind"), JsonErrorTranslator.ValueText(obj["kind"]), kindError));
            }

            results.Add(new BoundResource(index, item, prefix, null, errors));
            return;
        }

        var kind = ResourceKinds.Find(apiVersion!, kindName!);
        if (kind is null)
        {
            results.Add(UnknownKind(index, item, prefix, apiVersion!, kindName!));
            return;
        }

        // Go reads an explicit null as the zero value; keep that for the envelope's objects.
        foreach (var key in (string[])["metadata", "spec", "status"])
        {
            if (obj.TryGetPropertyValue(key, out var value) && value is null)
            {
                obj.Remove(key);
            }
        }

        try
        {
            var resource = (Resource)JsonSerializer.Deserialize(obj, kind.TypeInfo)!;
            results.Add(new BoundResource(index, item, prefix, resource, []));
        }
        catch (JsonException ex)
        {
            results.Add(new BoundResource(index, item, prefix, null, [JsonErrorTranslator.Translate(ex, obj, index, prefix)]));
        }
    }

    private static BoundResource UnknownKind(int index, int? item, string prefix, string apiVersion, string kindName)
    {
        foreach (var known in ResourceKinds.All)
        {
            if (string.Equals(known.Kind, kindName, StringComparison.Ordinal))
            {
                var expected = string.Join(" or ", ResourceKinds.All.Where(k => k.Kind == kindName).Select(k => k.ApiVersion));
                return Failed(index, item, PathText.Combine(prefix, "apiVersion"), apiVersion, $"apiVersion is not supported for kind {kindName}; expected {expected}");
            }
        }

        return Failed(index, item, PathText.Combine(prefix, "kind"), kindName, $"unknown resource kind for apiVersion {apiVersion}");
    }

    private static bool TryGetListItemKind(string apiVersion, string kind, out ResourceKind? itemKind, out string? error)
    {
        itemKind = null;
        error = null;
        if (kind == ResourceList.GenericKind)
        {
            if (apiVersion != ResourceList.GenericApiVersion)
            {
                error = $"a generic List must have apiVersion {ResourceList.GenericApiVersion}";
            }

            return true;
        }

        if (kind.Length > 4 && kind.EndsWith("List", StringComparison.Ordinal))
        {
            itemKind = ResourceKinds.Find(apiVersion, kind[..^4]);
            return itemKind is not null;
        }

        return false;
    }

    private static string? ReadString(JsonObject obj, string name, out string? error)
    {
        error = null;
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            error = $"{name} is required";
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (text.Length == 0)
            {
                error = $"{name} is required";
            }

            return text;
        }

        error = $"{name} must be a string";
        return null;
    }

    private static BoundResource Failed(int index, int? item, string path, string? value, string message) =>
        new(index, item, path, null, [new ResourceError(index, path, value, message)]);
}
