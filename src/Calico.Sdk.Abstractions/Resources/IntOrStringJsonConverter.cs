using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Reads and writes <see cref="IntOrString"/> keeping the JSON type.</summary>
public sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    /// <inheritdoc />
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return IntOrString.FromInt(number);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            return IntOrString.FromString(reader.GetString()!);
        }

        throw new JsonException("value must be an integer or a string");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IntValue is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(value.StringValue ?? string.Empty);
        }
    }
}
