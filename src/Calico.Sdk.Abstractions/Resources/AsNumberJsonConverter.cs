using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Reads an <see cref="AsNumber"/> from a number or string and writes it as a number.</summary>
public sealed class AsNumberJsonConverter : JsonConverter<AsNumber>
{
    /// <inheritdoc />
    public override AsNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var number))
        {
            return new AsNumber(number);
        }

        if (reader.TokenType == JsonTokenType.String && AsNumber.TryParse(reader.GetString(), out var parsed))
        {
            return parsed;
        }

        throw new JsonException("AS number must be an integer between 0 and 4294967295 or dotted \"a.b\" with a and b between 0 and 65535");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AsNumber value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Value);
    }
}
