using System.Text.Json;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Tests.Resources;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("80", 80, 80, null, false)]
    [InlineData("1024:2048", 1024, 2048, null, true)]
    [InlineData("80:80", 80, 80, null, true)]
    [InlineData("http", 0, 0, "http", false)]
    [InlineData("80:abc", 0, 0, "80:abc", false)]
    [InlineData(":80", 0, 0, ":80", false)]
    public void Port_parses_like_calico(string text, int min, int max, string? name, bool range)
    {
        var port = Port.Parse(text);
        Assert.Equal((min, max, name, range), (port.MinPort, port.MaxPort, port.Name, port.IsRange));
        Assert.Equal(text, port.ToString());
    }

    [Fact]
    public void Port_json_is_a_number_for_single_ports_and_a_string_otherwise()
    {
        var converter = new PortJsonConverter();
        Assert.Equal("[80,\"80:90\",\"http\"]", JsonSerializer.Serialize(new[] { Port.FromNumber(80), Port.FromRange(80, 90), Port.FromName("http") }, Options(converter)));
        Assert.Equal([Port.FromNumber(443), Port.FromNumber(53)], JsonSerializer.Deserialize<Port[]>("[443,\"53\"]", Options(converter))!);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Port[]>("[true]", Options(converter)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Port[]>("[1.5]", Options(converter)));
    }

    [Fact]
    public void Port_contains_checks_the_range()
    {
        Assert.True(Port.FromRange(10, 20).Contains(15));
        Assert.False(Port.FromRange(10, 20).Contains(21));
        Assert.False(Port.FromName("http").Contains(0));
    }

    [Theory]
    [InlineData("TCP", 6)]
    [InlineData("udp", 17)]
    [InlineData("ICMPv6", 58)]
    [InlineData("SCTP", 132)]
    [InlineData("UDPLite", 136)]
    [InlineData("47", 47)]
    [InlineData("GRE", null)]
    public void Protocol_numbers(string text, int? number) => Assert.Equal(number, ProtocolValue.Parse(text).ToNumber());

    [Fact]
    public void Protocol_json_keeps_names_and_numbers()
    {
        var converter = new ProtocolValueJsonConverter();
        var values = JsonSerializer.Deserialize<ProtocolValue[]>("[\"TCP\",17,\"58\"]", Options(converter))!;
        Assert.Equal([ProtocolValue.Tcp, ProtocolValue.FromNumber(17), ProtocolValue.FromNumber(58)], values);
        Assert.Equal("[\"TCP\",17,58]", JsonSerializer.Serialize(values, Options(converter)));
    }

    [Theory]
    [InlineData("64512", 64512u)]
    [InlineData("1.10", 65546u)]
    [InlineData("4294967295", 4294967295u)]
    [InlineData("65535.65535", 4294967295u)]
    public void As_numbers_parse_plain_and_dotted(string text, uint value)
    {
        Assert.True(AsNumber.TryParse(text, out var asn));
        Assert.Equal(value, asn.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4294967296")]
    [InlineData("65536.1")]
    [InlineData("1.2.3")]
    [InlineData("-1")]
    public void Bad_as_numbers_are_rejected(string text) => Assert.False(AsNumber.TryParse(text, out _));

    [Fact]
    public void As_number_json_reads_numbers_and_strings_and_writes_numbers()
    {
        var converter = new AsNumberJsonConverter();
        var values = JsonSerializer.Deserialize<AsNumber[]>("[64512,\"1.10\"]", Options(converter))!;
        Assert.Equal("[64512,65546]", JsonSerializer.Serialize(values, Options(converter)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AsNumber[]>("[-1]", Options(converter)));
    }

    [Fact]
    public void Int_or_string_keeps_the_json_type()
    {
        var converter = new IntOrStringJsonConverter();
        var values = JsonSerializer.Deserialize<IntOrString[]>("[80,\"80\",\"http\"]", Options(converter))!;
        Assert.Equal([IntOrString.FromInt(80), IntOrString.FromString("80"), IntOrString.FromString("http")], values);
        Assert.Equal("[80,\"80\",\"http\"]", JsonSerializer.Serialize(values, Options(converter)));
    }

    private static JsonSerializerOptions Options(System.Text.Json.Serialization.JsonConverter converter) =>
        new() { Converters = { converter }, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
}
