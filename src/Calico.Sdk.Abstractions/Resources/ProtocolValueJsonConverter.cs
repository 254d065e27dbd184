using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Reads and writes <see cref="ProtocolValue"/>: a number, or a string for a name.</summary>
public sealed class ProtocolValueJsonConverter : JsonConverter<ProtocolValue>
{
    /// <inheritdoc />
    public override ProtocolValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.TryGetInt32(out var number))
                {
                    throw new JsonException("protocol number must be an integer between 1 and 255");
                }

                return ProtocolValue.FromNumber(number);
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0)
                {
                    throw new JsonException("protocol must not be empty");
                }

                return ProtocolValue.Parse(text);
            default:
                throw new JsonException("protocol must be a name or a number");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ProtocolValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Number is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(value.Name ?? string.Empty);
        }
    }
}
