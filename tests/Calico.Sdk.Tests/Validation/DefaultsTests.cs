using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Validation;
using Xunit;

namespace Calico.Sdk.Tests.Validation;

public sealed class DefaultsTests
{
    [Theory]
    [InlineData(false, false, new[] { "Ingress" })]
    [InlineData(true, false, new[] { "Ingress" })]
    [InlineData(false, true, new[] { "Egress" })]
    [InlineData(true, true, new[] { "Ingress", "Egress" })]
    public void Policy_types_default_from_the_rules(bool ingress, bool egress, string[] expected)
    {
        var policy = Samples.GlobalPolicy();
        policy.Spec.Ingress = ingress ? [Samples.Allow()] : null;
        policy.Spec.Egress = egress ? [Samples.Allow()] : null;

        ResourceDefaults.Apply(policy);

        Assert.Equal(expected, policy.Spec.Types!);
    }

    [Fact]
    public void Explicit_types_are_kept()
    {
        var policy = Samples.Policy(Samples.Allow());
        policy.Spec.Types = ["Egress"];
        ResourceDefaults.Apply(policy);
        Assert.Equal(["Egress"], policy.Spec.Types!);
    }

    [Fact]
    public void Policies_get_the_default_tier_and_the_tier_label()
    {
        var policy = Samples.Policy();
        var staged = new StagedNetworkPolicy { Metadata = { Name = "s", Namespace = "n" }, Spec = { Tier = "platform" } };

        ResourceDefaults.Apply(policy);
        ResourceDefaults.Apply(staged);

        Assert.Equal("default", policy.Spec.Tier);
        Assert.Equal("default", policy.Metadata.Labels![ResourceDefaults.TierLabel]);
        Assert.Equal("platform", staged.Metadata.Labels![ResourceDefaults.TierLabel]);
        Assert.Equal("Set", staged.Spec.StagedAction);
    }

    [Theory]
    [InlineData("10.0.0.0/16", 26)]
    [InlineData("fd00::/48", 122)]
    public void Pool_defaults(string cidr, int blockSize)
    {
        var pool = Samples.Pool(cidr);

        ResourceDefaults.Apply(pool);

        Assert.Equal(blockSize, pool.Spec.BlockSize);
        Assert.Equal("all()", pool.Spec.NodeSelector);
        Assert.Equal(("Never", "Never", "Automatic"), (pool.Spec.VxlanMode, pool.Spec.IpipMode, pool.Spec.AssignmentMode));
        Assert.Equal(["Workload", "Tunnel"], pool.Spec.AllowedUses!);
        ResourceValidator.ThrowIfInvalid(pool);
    }

    [Fact]
    public void Tier_defaults_to_deny()
    {
        var tier = new Tier { Metadata = { Name = "t" } };
        ResourceDefaults.Apply(tier);
        Assert.Equal("Deny", tier.Spec.DefaultAction);
    }

    [Fact]
    public void Namespaced_resources_default_to_the_default_namespace()
    {
        var set = new NetworkSet { Metadata = { Name = "s" } };
        var pool = Samples.Pool();
        ResourceDefaults.Apply(set);
        ResourceDefaults.Apply(pool);
        Assert.Equal("default", set.Metadata.Namespace);
        Assert.Null(pool.Metadata.Namespace);
    }

    [Fact]
    public void Kubernetes_policy_defaults_like_the_api_server()
    {
        var knp = new KubernetesNetworkPolicy
        {
            Metadata = { Name = "k", Namespace = "n" },
            Spec = { Egress = [new KubernetesNetworkPolicyEgressRule { Ports = [new KubernetesNetworkPolicyPort { Port = IntOrString.FromInt(53) }] }] },
        };

        ResourceDefaults.Apply(knp);

        Assert.Equal(["Ingress", "Egress"], knp.Spec.PolicyTypes!);
        Assert.Equal("TCP", knp.Spec.Egress[0].Ports![0].Protocol);
    }

    [Fact]
    public void Ipam_configuration_and_affinity_defaults()
    {
        var config = new IPAMConfiguration { Metadata = { Name = "default" } };
        var affinity = new BlockAffinity { Metadata = { Name = "a" }, Spec = { Node = "n", Cidr = "10.0.0.0/26" } };
        ResourceDefaults.Apply(config);
        ResourceDefaults.Apply(affinity);
        Assert.Equal((false, true, 0, "Enabled"), (config.Spec.StrictAffinity, config.Spec.AutoAllocateBlocks, config.Spec.MaxBlocksPerHost, config.Spec.KubeVirtVmAddressPersistence));
        Assert.Equal("host", affinity.Spec.Type);
    }

    [Fact]
    public void Defaulting_is_idempotent_for_every_fixture()
    {
        foreach (var file in Serialization.Fixtures.RoundTripFiles())
        {
            var resource = ResourceSerializer.Read(Serialization.Fixtures.Read("roundtrip/" + file)).Single();
            ResourceDefaults.Apply(resource);
            var once = ResourceSerializer.ToYaml(resource);
            ResourceDefaults.Apply(resource);
            Assert.Equal(once, ResourceSerializer.ToYaml(resource));
        }
    }
}
