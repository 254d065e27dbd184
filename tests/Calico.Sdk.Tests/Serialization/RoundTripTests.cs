using System.Text.Json.Nodes;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

public sealed class RoundTripTests
{
    public static TheoryData<string> Files() => [.. Fixtures.RoundTripFiles()];

    [Fact]
    public void There_is_one_fixture_per_kind()
    {
        var kinds = Fixtures.RoundTripFiles()
            .Select(f => ResourceSerializer.Read(Fixtures.Read("roundtrip/" + f)).Single().GetType())
            .ToHashSet();
        Assert.Equal(ResourceKinds.All.Select(k => k.ClrType).ToHashSet(), kinds);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_reads_as_the_kind_its_file_is_named_after(string file)
    {
        var resource = Assert.Single(ResourceSerializer.Read(Fixtures.Read("roundtrip/" + file)));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), resource.GetType().Name.ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Yaml_write_read_write_is_byte_identical(string file)
    {
        var original = Assert.Single(ResourceSerializer.Read(Fixtures.Read("roundtrip/" + file)));
        var first = ResourceSerializer.ToYaml(original);
        var reread = Assert.Single(ResourceSerializer.Read(first));
        var second = ResourceSerializer.ToYaml(reread);

        Assert.Equal(first, second);
        Assert.True(JsonNode.DeepEquals(ResourceSerializer.ToJsonNode(original), ResourceSerializer.ToJsonNode(reread)), "YAML round trip changed the resource");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Json_write_read_write_is_byte_identical_and_matches_yaml(string file)
    {
        var original = Assert.Single(ResourceSerializer.Read(Fixtures.Read("roundtrip/" + file)));
        var first = ResourceSerializer.ToJson(original);
        var reread = Assert.Single(ResourceSerializer.Read(first));

        Assert.Equal(first, ResourceSerializer.ToJson(reread));
        Assert.Equal(ResourceSerializer.ToYaml(original), ResourceSerializer.ToYaml(reread));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Clone_is_deep_and_equal(string file)
    {
        var original = Assert.Single(ResourceSerializer.Read(Fixtures.Read("roundtrip/" + file)));
        var clone = ResourceSerializer.Clone(original);

        Assert.NotSame(original, clone);
        Assert.NotSame(original.Metadata, clone.Metadata);
        Assert.Equal(ResourceSerializer.ToJson(original), ResourceSerializer.ToJson(clone));
    }
}
