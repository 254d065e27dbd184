using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

/// <summary>Writer output compared to hand-written calicoctl-style text.</summary>
public sealed class GoldenOutputTests
{
    [Theory]
    [InlineData("roundtrip/ippool.yaml", "golden/ippool.expected.yaml")]
    [InlineData("roundtrip/globalnetworkpolicy.yaml", "golden/globalnetworkpolicy.expected.yaml")]
    [InlineData("golden/quoting.input.yaml", "golden/quoting.expected.yaml")]
    public void Yaml_output_matches_calicoctl_style(string input, string expected)
    {
        var resource = Assert.Single(ResourceSerializer.Read(Fixtures.Read(input)));
        Assert.Equal(Fixtures.Read(expected), ResourceSerializer.ToYaml(resource));
    }

    [Fact]
    public void Golden_yaml_reads_back_to_itself()
    {
        var golden = Fixtures.Read("golden/quoting.expected.yaml");
        Assert.Equal(golden, ResourceSerializer.ToYaml(ResourceSerializer.Read(golden)));
    }

    [Fact]
    public void Json_output_uses_calico_field_order_and_two_space_indent()
    {
        var resource = Assert.Single(ResourceSerializer.Read(Fixtures.Read("roundtrip/ippool.yaml")));
        Assert.Equal(Fixtures.Read("golden/ippool.expected.json"), ResourceSerializer.ToJson(resource));
    }

    [Fact]
    public void Typed_list_is_written_as_kind_list_with_items()
    {
        var list = ResourceList.Of(ResourceKinds.IPPool, [Pool("pool-1", "10.1.0.0/16"), Pool("pool-2", "fd00::/48")]);
        list.ResourceVersion = "99";

        var yaml = ResourceSerializer.ToYaml(list);

        Assert.Equal(Fixtures.Read("golden/ippoollist.expected.yaml"), yaml);
        var reread = ResourceSerializer.Read(yaml);
        Assert.Equal(["pool-1", "pool-2"], reread.Select(r => r.Metadata.Name));
    }

    [Fact]
    public void Several_resources_are_written_as_a_multi_document_stream()
    {
        var tier = new Tier { Metadata = { Name = "platform" }, Spec = { Order = 300, DefaultAction = "Deny" } };
        var set = new NetworkSet { Metadata = { Name = "empty", Namespace = "web" } };

        var yaml = ResourceSerializer.ToYaml([tier, set]);

        Assert.Equal(Fixtures.Read("golden/multi.expected.yaml"), yaml);
        Assert.Equal(2, ResourceSerializer.Read(yaml).Count);
    }

    [Fact]
    public void Generic_list_json_has_kind_list_and_empty_metadata()
    {
        var json = ResourceSerializer.ToJson(ResourceList.Generic([Pool("a", "10.0.0.0/24")]));
        Assert.StartsWith("{\n  \"kind\": \"List\",\n  \"apiVersion\": \"v1\",\n  \"metadata\": {},\n  \"items\": [\n", json, StringComparison.Ordinal);
        Assert.Equal("a", Assert.Single(ResourceSerializer.Read(json)).Metadata.Name);
    }

    private static IPPool Pool(string name, string cidr) => new() { Metadata = { Name = name }, Spec = { Cidr = cidr } };
}
