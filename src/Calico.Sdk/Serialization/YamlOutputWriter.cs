using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Calico.Sdk.Serialization;

/// <summary>
/// Writes JSON trees as YAML the way calicoctl prints them (its Go YAML encoder): keys in Go's natural sort order,
/// block sequences at the parent key's indent, 2-space indent, plain strings unless they would read back as another
/// type (then double-quoted) or contain characters that plain style forbids (then single- or double-quoted), literal
/// blocks for multi-line text, <c>{}</c>/<c>[]</c> for empty collections. Only YamlDotNet's emitter is used.
/// </summary>
internal static class YamlOutputWriter
{
    public static void Write(TextWriter writer, IEnumerable<JsonNode> documents)
    {
        var settings = new EmitterSettings(
            bestIndent: 2,
            bestWidth: int.MaxValue,
            isCanonical: false,
            maxSimpleKeyLength: 1024,
            skipAnchorName: false,
            indentSequences: false,
            newLine: "\n");
        var emitter = new Emitter(writer, settings);
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            WriteNode(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
            first = false;
        }

        emitter.Emit(new StreamEnd());
    }

    private static void WriteNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow));
                    emitter.Emit(new MappingEnd());
                    break;
                }

                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
                var keys = new List<string>(obj.Count);
                foreach (var property in obj)
                {
                    keys.Add(property.Key);
                }

                keys.Sort(GoYamlKeyComparer.Instance);
                foreach (var key in keys)
                {
                    WriteString(emitter, key);
                    WriteNode(emitter, obj[key]);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                var style = array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, style));
                foreach (var item in array)
                {
                    WriteNode(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "true", ScalarStyle.Plain, true, false));
                        break;
                    case JsonValueKind.False:
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "false", ScalarStyle.Plain, true, false));
                        break;
                    case JsonValueKind.Null:
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                        break;
                    default:
                        // Numbers keep their JSON spelling, which YAML reads back as the same number.
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                }

                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        ScalarStyle style;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = ScalarStyle.Literal;
        }
        else if (YamlScalars.LooksLikeNonString(text))
        {
            style = ScalarStyle.DoubleQuoted;
        }
        else
        {
            // The emitter falls back to single, then double quotes when plain style is not allowed for the text.
            style = ScalarStyle.Plain;
        }

        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
    }
}
