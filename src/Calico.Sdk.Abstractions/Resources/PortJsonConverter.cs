using System.Text.Json;
using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Reads and writes <see cref="Port"/> as Calico does: a number, or a string for ranges and names.</summary>
public sealed class PortJsonConverter : JsonConverter<Port>
{
    /// <inheritdoc />
    public override Port Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (!reader.TryGetInt32(out var number))
                {
                    throw new JsonException("port must be an integer between 0 and 65535");
                }

                return Port.FromNumber(number);
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0)
                {
                    throw new JsonException("port must not be empty");
                }

                return Port.Parse(text);
            default:
                throw new JsonException("port must be a number, a \"min:max\" range or a port name");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Port value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsNamed || value.IsRange)
        {
            writer.WriteStringValue(value.ToString());
        }
        else
        {
            writer.WriteNumberValue(value.MinPort);
        }
    }
}
