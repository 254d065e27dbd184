using System.Text.Json.Serialization.Metadata;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Resources;

public sealed class ResourceKindLazyContractTests
{
    [Fact]
    public void The_contract_is_built_on_first_use_and_only_once()
    {
        var calls = 0;
        var kind = new ResourceKind(ApiGroups.ProjectCalicoV3, Tier.KindName, "tiers", false, typeof(Tier), () =>
        {
            calls++;
            return CalicoJsonContext.Default.Tier;
        });

        Assert.Equal(typeof(Tier), kind.ClrType);
        Assert.Equal(0, calls);
        var first = kind.TypeInfo;
        Assert.Same(first, kind.TypeInfo);
        Assert.IsType<Tier>(kind.CreateInstance());
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_kind_made_from_a_built_contract_keeps_it()
    {
        var kind = new ResourceKind(ApiGroups.ProjectCalicoV3, Tier.KindName, "tiers", false, CalicoJsonContext.Default.Tier, "t");

        Assert.Same(CalicoJsonContext.Default.Tier, kind.TypeInfo);
        Assert.Equal((typeof(Tier), "t"), (kind.ClrType, kind.ShortNames.Single()));
    }

    [Fact]
    public void A_factory_returning_another_types_contract_is_refused_naming_both_types()
    {
        var kind = new ResourceKind(ApiGroups.ProjectCalicoV3, Tier.KindName, "tiers", false, typeof(Tier), () => CalicoJsonContext.Default.IPPool);

        var error = Assert.Throws<InvalidOperationException>(() => kind.TypeInfo);
        Assert.Contains("'Tier'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(IPPool).FullName!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_factory_returning_null_is_refused()
    {
        var kind = new ResourceKind(ApiGroups.ProjectCalicoV3, Tier.KindName, "tiers", false, typeof(Tier), () => null!);

        var error = Assert.Throws<InvalidOperationException>(() => kind.TypeInfo);
        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_that_is_not_a_resource_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ResourceKind(ApiGroups.ProjectCalicoV3, "Thing", "things", false, typeof(string), () => (JsonTypeInfo)CalicoJsonContext.Default.Tier));
        Assert.Equal("clrType", error.ParamName);
        Assert.Contains("not a Resource", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_registered_kind_builds_the_contract_of_its_type()
    {
        foreach (var kind in ResourceKinds.All)
        {
            Assert.Equal(kind.ClrType, kind.TypeInfo.Type);
        }
    }
}
