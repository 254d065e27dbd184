using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Calico.Ctl.Output;

/// <summary>One column of calicoctl's table output: a heading and how to get the cell from a resource's JSON tree.</summary>
internal sealed record Column(string Heading, Func<JsonObject, string> Value)
{
    /// <summary>A column reading a dotted path (<c>spec.cidr</c>, <c>metadata.labels</c>), with a default when unset.</summary>
    public static Column At(string heading, string path, string whenUnset = "") => new(heading, o => Read(o, path) ?? whenUnset);

    /// <summary>
    /// The cell text of a path: scalars as written (booleans lower-case, numbers invariant), arrays joined by
    /// commas, maps as <c>k=v</c> pairs; <see langword="null"/> when the path is not set.
    /// </summary>
    public static string? Read(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return Text(node);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => string.Join(',', a.Select(Text)),
        JsonObject o => string.Join(',', o.Select(kv => kv.Key + "=" + Text(kv.Value))),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => Number(v),
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Number(JsonValue v) =>
        v.TryGetValue<long>(out var l) ? l.ToString(CultureInfo.InvariantCulture)
        : v.TryGetValue<double>(out var d) ? d.ToString(CultureInfo.InvariantCulture)
        : v.ToJsonString();
}
