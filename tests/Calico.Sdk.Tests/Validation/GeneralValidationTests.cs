using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;
using static Calico.Sdk.Tests.Validation.ValidationAssert;

namespace Calico.Sdk.Tests.Validation;

public sealed class GeneralValidationTests
{
    public static TheoryData<string> ValidSampleKinds() => [.. Samples.AllValid().Select(r => r.GetType().Name)];

    [Theory]
    [MemberData(nameof(ValidSampleKinds))]
    public void Valid_sample_of_every_kind_passes(string kind) =>
        Valid(Samples.AllValid().Single(r => r.GetType().Name == kind));

    [Fact]
    public void Samples_cover_every_kind() =>
        Assert.Equal(ResourceKinds.All.Select(k => k.ClrType).ToHashSet(), Samples.AllValid().Select(r => r.GetType()).ToHashSet());

    [Fact]
    public void Name_is_required() =>
        SingleError(new Tier(), "metadata.name", null, "required");

    [Theory]
    [InlineData("Upper")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("trailing.")]
    public void Names_must_be_dns_subdomains(string name) =>
        SingleError(new GlobalNetworkSet { Metadata = { Name = name } }, "metadata.name", name, "DNS-1123 subdomain");

    [Fact]
    public void Names_longer_than_253_are_rejected()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 255 characters
        SingleError(new GlobalNetworkSet { Metadata = { Name = name } }, "metadata.name", name, "at most 253");
    }

    [Fact]
    public void Tier_names_are_single_labels() =>
        SingleError(new Tier { Metadata = { Name = "a.b" } }, "metadata.name", "a.b", "single DNS-1123 label");

    [Theory]
    [InlineData("allow")]
    [InlineData("platform.allow")]
    [InlineData("knp.default.allow.web")]
    [InlineData("ossg.default.x")]
    public void Network_policy_name_forms_are_accepted(string name)
    {
        var policy = Samples.Policy();
        policy.Metadata.Name = name;
        Valid(policy);
    }

    [Theory]
    [InlineData("a.b.c")]
    [InlineData("knp.other.x")]
    public void Other_network_policy_names_are_rejected(string name)
    {
        var policy = Samples.Policy();
        policy.Metadata.Name = name;
        SingleError(policy, "metadata.name", name, "policy name");
    }

    [Fact]
    public void Policy_name_labels_are_at_most_63_characters()
    {
        var policy = Samples.GlobalPolicy();
        policy.Metadata.Name = "tier." + new string('a', 64);
        SingleError(policy, "metadata.name", policy.Metadata.Name, "global policy name");
    }

    [Fact]
    public void Global_policy_names_allow_one_tier_prefix_only()
    {
        var policy = Samples.GlobalPolicy();
        policy.Metadata.Name = "knp.default.x";
        SingleError(policy, "metadata.name", "knp.default.x", "global policy name");
    }

    [Fact]
    public void Namespaced_kinds_need_a_namespace()
    {
        var policy = Samples.Policy();
        policy.Metadata.Namespace = null;
        SingleError(policy, "metadata.namespace", null, "required");
    }

    [Fact]
    public void Cluster_kinds_refuse_a_namespace()
    {
        var pool = Samples.Pool();
        pool.Metadata.Namespace = "web";
        SingleError(pool, "metadata.namespace", "web", "cluster-scoped");
    }

    [Fact]
    public void Label_keys_and_values_are_kubernetes_qualified()
    {
        var pool = Samples.Pool();
        pool.Metadata.Labels = new Dictionary<string, string> { ["Bad_Prefix/x"] = "ok", ["good"] = "bad value" };

        var errors = ResourceValidator.Validate(pool);

        Assert.Equal(2, errors.Count);
        Assert.Equal(("metadata.labels['Bad_Prefix/x']", "Bad_Prefix/x"), (errors[0].Path, errors[0].Value));
        Assert.Contains("prefix", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(("metadata.labels['good']", "bad value"), (errors[1].Path, errors[1].Value));
    }

    [Fact]
    public void Annotation_keys_are_qualified_names()
    {
        var pool = Samples.Pool();
        pool.Metadata.Annotations = new Dictionary<string, string> { ["no spaces"] = "x" };
        SingleError(pool, "metadata.annotations['no spaces']", "no spaces", "invalid annotation key");
    }

    [Theory]
    [InlineData("ClusterInformation")]
    [InlineData("IPAMConfiguration")]
    [InlineData("KubeControllersConfiguration")]
    public void Singletons_must_be_named_default(string kind)
    {
        var resource = Samples.AllValid().Single(r => r.GetType().Name == kind);
        resource.Metadata.Name = "other";
        SingleError(resource, "metadata.name", "other", "singleton");
    }

    [Fact]
    public void Per_node_configuration_names_are_node_dot_name()
    {
        Valid(new FelixConfiguration { Metadata = { Name = "node.worker-1" } });
        SingleError(new BGPConfiguration { Metadata = { Name = "worker-1" } }, "metadata.name", "worker-1", "node.<nodename>");
    }

    [Fact]
    public void Envelope_must_match_the_type()
    {
        var tier = new Tier { Metadata = { Name = "t" }, ApiVersion = "projectcalico.org/v2" };
        SingleError(tier, "apiVersion", "projectcalico.org/v2", "must be projectcalico.org/v3");
    }

    [Fact]
    public void Throw_if_invalid_carries_every_error()
    {
        var ex = Assert.Throws<ResourceValidationException>(() => ResourceValidator.ThrowIfInvalid(new IPPool(), 2));
        Assert.Equal(["metadata.name", "spec.cidr"], ex.Errors.Select(e => e.Path));
        Assert.All(ex.Errors, e => Assert.Equal(2, e.DocumentIndex));
    }
}
