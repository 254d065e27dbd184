using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Sdk.Tests.Resources;

public sealed class ResourceKindsTests
{
    [Theory]
    [InlineData("ippools", "IPPool")]
    [InlineData("ipp", "IPPool")]
    [InlineData("pool", "IPPool")]
    [InlineData("IPPOOL", "IPPool")]
    [InlineData("netpol", "NetworkPolicy")]
    [InlineData("np", "NetworkPolicy")]
    [InlineData("policy", "NetworkPolicy")]
    [InlineData("gnp", "GlobalNetworkPolicy")]
    [InlineData("hep", "HostEndpoint")]
    [InlineData("weps", "WorkloadEndpoint")]
    [InlineData("bgppeer", "BGPPeer")]
    [InlineData("bgpconfig", "BGPConfiguration")]
    [InlineData("felixconfig", "FelixConfiguration")]
    [InlineData("affinities", "BlockAffinity")]
    [InlineData("nodes", "Node")]
    [InlineData("knp", "KubernetesNetworkPolicy")]
    [InlineData("sgnp", "StagedGlobalNetworkPolicy")]
    public void Finds_kinds_by_calicoctl_names(string name, string clrType) =>
        Assert.Equal(clrType, ResourceKinds.Find(name)?.ClrType.Name);

    [Fact]
    public void Unknown_names_find_nothing() => Assert.Null(ResourceKinds.Find("widgets"));

    [Fact]
    public void Kubernetes_network_policy_is_found_by_its_api_version()
    {
        Assert.Same(ResourceKinds.KubernetesNetworkPolicy, ResourceKinds.Find(ApiGroups.NetworkingK8sV1, "NetworkPolicy"));
        Assert.Same(ResourceKinds.NetworkPolicy, ResourceKinds.Find(ApiGroups.ProjectCalicoV3, "NetworkPolicy"));
    }

    [Fact]
    public void Every_kind_is_consistent()
    {
        var plurals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in ResourceKinds.All)
        {
            var instance = kind.CreateInstance();
            Assert.Equal((kind.ApiVersion, kind.Kind), (instance.ApiVersion, instance.Kind));
            Assert.Same(kind, ResourceKinds.ForType(kind.ClrType));
            Assert.True(plurals.Add(kind.Plural), $"duplicate plural {kind.Plural}");
            Assert.Equal(kind.Plural.ToLowerInvariant(), kind.Plural);
        }

        Assert.Equal(24, ResourceKinds.All.Count);
    }

    [Fact]
    public void Namespaced_kinds_are_the_namespaced_ones()
    {
        var namespaced = ResourceKinds.All.Where(k => k.Namespaced).Select(k => k.ClrType.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["KubernetesNetworkPolicy", "NetworkPolicy", "NetworkSet", "StagedNetworkPolicy", "WorkloadEndpoint"], namespaced);
    }

    [Fact]
    public void Resource_list_helpers_name_the_list()
    {
        var typed = ResourceList.Of(ResourceKinds.Tier, []);
        var generic = ResourceList.Generic([new Tier()]);
        Assert.Equal((ApiGroups.ProjectCalicoV3, "TierList", 0), (typed.ApiVersion, typed.Kind, typed.Items.Count));
        Assert.Equal(("v1", "List", 1), (generic.ApiVersion, generic.Kind, generic.Items.Count));
    }

    [Fact]
    public void Resource_error_formats_document_path_and_value()
    {
        Assert.Equal("document 2, spec.cidr = \"x\": bad", new ResourceError(2, "spec.cidr", "x", "bad").ToString());
        Assert.Equal("document 0: empty", new ResourceError(0, string.Empty, null, "empty").ToString());
        Assert.Throws<ArgumentException>(() => new ResourceValidationException(Array.Empty<ResourceError>()));
    }
}
