using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

public sealed class ReadErrorTests
{
    private const string GoodTier = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: good}\nspec: {order: 1}\n";

    [Fact]
    public void Unknown_field_is_reported_with_document_index_and_path()
    {
        var error = SingleError(GoodTier + "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec:\n  cidr: 10.0.0.0/8\n  bogus: 1\n");

        Assert.Equal(1, error.DocumentIndex);
        Assert.Equal("spec.bogus", error.Path);
        Assert.Contains("not recognized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_top_level_field_is_reported()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspecs: {}\n");
        Assert.Equal("specs", error.Path);
    }

    [Fact]
    public void Wrong_scalar_type_names_the_field_the_value_and_the_expected_type()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/8, blockSize: big}\n");

        Assert.Equal(("spec.blockSize", "big"), (error.Path, error.Value));
        Assert.Equal("expected an integer, got a string", error.Message);
    }

    [Fact]
    public void Quoted_number_is_a_string_and_rejected_for_an_integer_field()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {blockSize: \"26\"}\n");
        Assert.Equal(("spec.blockSize", "26"), (error.Path, error.Value));
    }

    [Fact]
    public void Deep_path_points_at_the_list_element()
    {
        var error = SingleError("""
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: p, namespace: n}
            spec:
              ingress:
              - action: Allow
                protocol: TCP
                destination:
                  ports: [80, {from: 1}]
            """);

        Assert.Equal("spec.ingress[0].destination.ports[1]", error.Path);
        Assert.Equal("{\"from\":1}", error.Value);
    }

    [Fact]
    public void Object_where_a_list_is_expected()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata: {name: s}\nspec: {nets: 10.0.0.0/8}\n");
        Assert.Equal(("spec.nets", "10.0.0.0/8", "expected a list, got a string"), (error.Path, error.Value, error.Message));
    }

    [Fact]
    public void Unknown_kind_and_wrong_api_version_are_distinguished()
    {
        var unknown = SingleError("apiVersion: projectcalico.org/v3\nkind: Gadget\nmetadata: {name: x}\n");
        var wrongVersion = SingleError("apiVersion: projectcalico.org/v2\nkind: IPPool\nmetadata: {name: x}\n");

        Assert.Equal(("kind", "Gadget"), (unknown.Path, unknown.Value));
        Assert.Contains("unknown resource kind", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(("apiVersion", "projectcalico.org/v2"), (wrongVersion.Path, wrongVersion.Value));
        Assert.Contains("projectcalico.org/v3", wrongVersion.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_envelope_fields_are_required()
    {
        var ex = Assert.Throws<ResourceValidationException>(() => ResourceSerializer.Read("metadata: {name: x}\n"));
        Assert.Equal(["apiVersion", "kind"], ex.Errors.Select(e => e.Path));
        Assert.All(ex.Errors, e => Assert.Equal("apiVersion is required".Replace("apiVersion", e.Path, StringComparison.Ordinal), e.Message));
    }

    [Fact]
    public void List_item_errors_carry_the_item_path()
    {
        var error = SingleError("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: projectcalico.org/v3
              kind: Tier
              metadata: {name: ok}
            - apiVersion: projectcalico.org/v3
              kind: Tier
              metadata: {name: bad}
              spec: {order: high}
            """);

        Assert.Equal((0, "items[1].spec.order", "high"), (error.DocumentIndex, error.Path, error.Value));
    }

    [Fact]
    public void Duplicate_keys_are_rejected()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: a}\nspec:\n  order: 1\n  order: 2\n");
        Assert.Equal("spec.order", error.Path);
        Assert.Contains("duplicate key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_json_properties_are_rejected_like_yaml_ones()
    {
        var error = SingleError("{\"kind\":\"Tier\",\"apiVersion\":\"projectcalico.org/v3\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"order\":1,\"order\":2}}");
        Assert.Contains("'order'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_error_reports_line_and_column()
    {
        var error = SingleError(GoodTier + "---\nkind: Tier\nmetadata: {name: [unclosed\n");
        Assert.Equal(1, error.DocumentIndex);
        Assert.Contains("YAML syntax error at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_syntax_error_is_reported()
    {
        var error = SingleError("{\"kind\": \"Tier\", ");
        Assert.Contains("JSON syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_mapping_document_is_rejected()
    {
        var error = SingleError("- just\n- a list\n");
        Assert.Equal((0, string.Empty), (error.DocumentIndex, error.Path));
    }

    [Fact]
    public void Bad_document_rejects_the_whole_stream()
    {
        var text = GoodTier + "---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: b}\nspec: {order: x}\n---\n" + GoodTier;

        var ex = Assert.Throws<ResourceValidationException>(() => ResourceSerializer.Read(text));

        Assert.Equal(1, Assert.Single(ex.Errors).DocumentIndex);
        Assert.Contains("document 1, spec.order", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_document_mode_keeps_the_good_documents()
    {
        var text = GoodTier + "---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: b}\nspec: {order: x}\n---\n" + GoodTier;

        var results = ResourceSerializer.ReadDocuments(text);

        Assert.Equal([0, 1, 2], results.Select(r => r.DocumentIndex));
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Null(results[1].Resource);
        Assert.Equal("spec.order", Assert.Single(results[1].Errors).Path);
    }

    [Fact]
    public void Per_document_mode_reports_validation_errors_per_document()
    {
        var text = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.1/8}\n---\n" + GoodTier;

        var results = ResourceSerializer.ReadDocuments(text, new ReadOptions { Validate = true });

        Assert.False(results[0].Succeeded);
        Assert.Equal(("spec.cidr", "10.0.0.1/8"), (results[0].Errors[0].Path, results[0].Errors[0].Value));
        Assert.True(results[1].Succeeded);
    }

    [Fact]
    public void Validation_errors_of_list_items_are_prefixed_with_the_item()
    {
        var text = "apiVersion: projectcalico.org/v3\nkind: TierList\nitems:\n- metadata: {name: ok}\n- metadata: {name: Not_OK}\n";

        var ex = Assert.Throws<ResourceValidationException>(() => ResourceSerializer.Read(text, new ReadOptions { Validate = true }));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("items[1].metadata.name", "Not_OK"), (error.Path, error.Value));
    }

    [Fact]
    public void Infinity_is_rejected_with_its_path()
    {
        var error = SingleError("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: a}\nspec: {order: .inf}\n");
        Assert.Equal(("spec.order", ".inf"), (error.Path, error.Value));
    }

    private static ResourceError SingleError(string text)
    {
        var ex = Assert.Throws<ResourceValidationException>(() => ResourceSerializer.Read(text));
        return Assert.Single(ex.Errors);
    }
}
