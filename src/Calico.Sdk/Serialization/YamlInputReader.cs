using System.Globalization;
using System.Text.Json.Nodes;
using Calico.Sdk.Resources;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Calico.Sdk.Serialization;

/// <summary>
/// Converts a YAML stream into JSON trees using only YamlDotNet's parser events (no reflection serializer), so the
/// resource contracts of <see cref="CalicoJsonContext"/> can bind it.
/// </summary>
internal sealed class YamlInputReader
{
    private const string StrTag = "tag:yaml.org,2002:str";

    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
    private readonly List<ResourceError> _errors = [];

    // The path to the node being read, as keys (string) and indexes (int); turned into text only for an error.
    private readonly List<object> _path = [];
    private int _documentIndex;

    private YamlInputReader()
    {
    }

    public static List<ParsedDocument> Read(TextReader reader)
    {
        var documents = new List<ParsedDocument>();
        var parser = new Parser(reader);
        var self = new YamlInputReader();
        try
        {
            parser.Consume<StreamStart>();
            while (!parser.TryConsume<StreamEnd>(out _))
            {
                parser.Consume<DocumentStart>();
                self._anchors.Clear();
                self._errors.Clear();
                self._path.Clear();
                var root = self.ReadNode(parser);
                parser.Consume<DocumentEnd>();
                documents.Add(new ParsedDocument(self._documentIndex, root, [.. self._errors]));
                self._documentIndex++;
            }
        }
        catch (YamlException ex)
        {
            // The parser cannot recover after a syntax error: the rest of the stream is reported as one error.
            self._errors.Add(new ResourceError(
                self._documentIndex,
                string.Empty,
                null,
                string.Create(CultureInfo.InvariantCulture, $"YAML syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}")));
            documents.Add(new ParsedDocument(self._documentIndex, null, [.. self._errors]));
        }

        return documents;
    }

    private JsonNode? ReadNode(IParser parser)
    {
        var evt = parser.Consume<ParsingEvent>();
        switch (evt)
        {
            case AnchorAlias alias:
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target?.DeepClone();
                }

                AddError(alias.Value.Value, "alias refers to an unknown anchor");
                return null;
            case Scalar scalar:
                return Remember(scalar, ReadScalar(scalar));
            case SequenceStart sequence:
                var array = new JsonArray();
                for (var i = 0; !parser.TryConsume<SequenceEnd>(out _); i++)
                {
                    _path.Add(i);
                    array.Add(ReadNode(parser));
                    _path.RemoveAt(_path.Count - 1);
                }

                return Remember(sequence, array);
            case MappingStart mapping:
                return Remember(mapping, ReadMapping(parser));
            default:
                throw new YamlException(evt.Start, evt.End, $"unexpected YAML event {evt.GetType().Name}");
        }
    }

    private JsonObject ReadMapping(IParser parser)
    {
        var obj = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            if (!parser.TryConsume<Scalar>(out var key))
            {
                var keyEvent = parser.Current!;
                AddError(null, string.Create(CultureInfo.InvariantCulture, $"map keys must be strings (line {keyEvent.Start.Line})"));
                ReadNode(parser);
                ReadNode(parser);
                continue;
            }

            _path.Add(key.Value);
            if (obj.ContainsKey(key.Value))
            {
                AddError(null, string.Create(CultureInfo.InvariantCulture, $"duplicate key (line {key.Start.Line})"));
                ReadNode(parser);
            }
            else
            {
                obj[key.Value] = ReadNode(parser);
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return obj;
    }

    private JsonNode? ReadScalar(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == StrTag))
        {
            return JsonValue.Create(scalar.Value);
        }

        YamlScalars.ResolvePlain(scalar.Value, out var node, out var error);
        if (error is not null)
        {
            AddError(scalar.Value, error);
        }

        return node;
    }

    private JsonNode? Remember(NodeEvent evt, JsonNode? node)
    {
        if (!evt.Anchor.IsEmpty)
        {
            _anchors[evt.Anchor.Value] = node;
        }

        return node;
    }

    private void AddError(string? value, string message)
    {
        var path = string.Empty;
        foreach (var segment in _path)
        {
            path = segment is int index ? PathText.Index(path, index) : PathText.Append(path, (string)segment);
        }

        _errors.Add(new ResourceError(_documentIndex, path, value, message));
    }
}
