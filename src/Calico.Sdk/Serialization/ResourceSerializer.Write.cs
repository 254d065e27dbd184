using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Serialization;

/// <content>Writing resources as calicoctl prints them.</content>
public static partial class ResourceSerializer
{
    private static readonly JsonWriterOptions JsonOutput = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",

        // calicoctl output is read by people: keep quotes and '&' in selectors readable. Still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one resource as a YAML document.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The YAML text, ending with a newline.</returns>
    public static string ToYaml(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return ToYaml([resource]);
    }

    /// <summary>Writes resources as a multi-document YAML stream (documents separated by <c>---</c>).</summary>
    /// <param name="resources">The resources.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        using var writer = new StringWriter();
        WriteYaml(writer, resources);
        return writer.ToString();
    }

    /// <summary>Writes a list as one YAML document (<c>kind: List</c> or <c>&lt;Kind&gt;List</c>).</summary>
    /// <param name="list">The list.</param>
    /// <returns>The YAML text.</returns>
    public static string ToYaml(ResourceList list)
    {
        using var writer = new StringWriter();
        YamlOutputWriter.Write(writer, [ToJsonNode(list)]);
        return writer.ToString();
    }

    /// <summary>Writes resources as a multi-document YAML stream.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="resources">The resources.</param>
    public static void WriteYaml(TextWriter writer, IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resources);
        YamlOutputWriter.Write(writer, resources.Select(ToJsonNode));
    }

    /// <summary>Writes one resource as indented JSON in Calico's field order.</summary>
    /// <param name="resource">The resource.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    public static string ToJson(Resource resource) => WriteJson(ToJsonNode(resource));

    /// <summary>Writes a list as indented JSON.</summary>
    /// <param name="list">The list.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    public static string ToJson(ResourceList list) => WriteJson(ToJsonNode(list));

    /// <summary>Converts a resource to a JSON tree through its source-generated contract.</summary>
    /// <param name="resource">The resource; its CLR type must be a known kind.</param>
    /// <returns>The JSON tree.</returns>
    public static JsonObject ToJsonNode(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var kind = ResourceKinds.ForType(resource.GetType())
            ?? throw new ArgumentException($"{resource.GetType()} is not a known resource kind.", nameof(resource));
        return (JsonObject)JsonSerializer.SerializeToNode(resource, kind.TypeInfo)!;
    }

    /// <summary>A deep copy of a resource, made through its JSON contract.</summary>
    /// <typeparam name="TResource">The resource type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <returns>An independent copy.</returns>
    public static TResource Clone<TResource>(TResource resource)
        where TResource : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var kind = ResourceKinds.ForType(resource.GetType())
            ?? throw new ArgumentException($"{resource.GetType()} is not a known resource kind.", nameof(resource));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(resource, kind.TypeInfo);
        return (TResource)JsonSerializer.Deserialize(bytes, kind.TypeInfo)!;
    }

    private static JsonObject ToJsonNode(ResourceList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var metadata = new JsonObject();
        if (list.ResourceVersion is not null)
        {
            metadata["resourceVersion"] = list.ResourceVersion;
        }

        var items = new JsonArray();
        foreach (var item in list.Items)
        {
            items.Add((JsonNode)ToJsonNode(item));
        }

        return new JsonObject
        {
            ["kind"] = list.Kind,
            ["apiVersion"] = list.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        };
    }

    private static string WriteJson(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonOutput))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
