using Calico.Sdk.Resources;
using Calico.Sdk.Validation;
using Xunit;
using static Calico.Sdk.Tests.Validation.ValidationAssert;

namespace Calico.Sdk.Tests.Validation;

public sealed class IPPoolValidationTests
{
    [Fact]
    public void Cidr_is_required() => SingleError(Samples.Pool(null!), "spec.cidr", null, "required");

    [Theory]
    [InlineData("10.0.0/16", "must be a CIDR")]
    [InlineData("10.0.0.0", "must be a CIDR")]
    [InlineData("10.0.0.0/33", "must be a CIDR")]
    [InlineData("10.0.0.1/16", "strictly masked")]
    [InlineData("fd00::1/64", "strictly masked")]
    [InlineData("169.254.0.0/20", "link-local")]
    [InlineData("128.0.0.0/1", "link-local")]
    [InlineData("fe80::/64", "link-local")]
    public void Bad_cidrs_are_rejected(string cidr, string reason) =>
        SingleError(Samples.Pool(cidr), "spec.cidr", cidr, reason);

    [Theory]
    [InlineData("10.0.0.0/16", 19)]
    [InlineData("10.0.0.0/16", 33)]
    [InlineData("fd00::/48", 115)]
    [InlineData("fd00::/48", 129)]
    public void Block_size_must_fit_the_family(string cidr, int blockSize)
    {
        var pool = Samples.Pool(cidr);
        pool.Spec.BlockSize = blockSize;
        SingleError(pool, "spec.blockSize", blockSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "block size must be between");
    }

    [Fact]
    public void Pool_smaller_than_a_block_needs_to_be_disabled()
    {
        var pool = Samples.Pool("10.0.0.0/28");
        pool.Spec.BlockSize = 26;
        SingleError(pool, "spec.cidr", "10.0.0.0/28", "unless the pool is disabled");
        pool.Spec.Disabled = true;
        Valid(pool);
    }

    [Fact]
    public void Ipip_is_not_allowed_on_ipv6()
    {
        var pool = Samples.Pool("fd00::/48");
        pool.Spec.IpipMode = "Always";
        SingleError(pool, "spec.ipipMode", "Always", "IPv6");
    }

    [Fact]
    public void Ipip_and_vxlan_are_exclusive()
    {
        var pool = Samples.Pool();
        pool.Spec.IpipMode = "CrossSubnet";
        pool.Spec.VxlanMode = "Always";
        SingleError(pool, "spec.vxlanMode", "Always", "cannot both be enabled");
    }

    [Theory]
    [InlineData("vxlanMode")]
    [InlineData("ipipMode")]
    [InlineData("assignmentMode")]
    public void Enums_are_checked(string field)
    {
        var pool = Samples.Pool();
        switch (field)
        {
            case "vxlanMode": pool.Spec.VxlanMode = "always"; break;
            case "ipipMode": pool.Spec.IpipMode = "always"; break;
            default: pool.Spec.AssignmentMode = "always"; break;
        }

        SingleError(pool, "spec." + field, "always", "must be one of");
    }

    [Fact]
    public void Allowed_uses_are_an_enum_set()
    {
        var pool = Samples.Pool();
        pool.Spec.AllowedUses = ["Workload", "Workload", "Everything"];
        var errors = ResourceValidator.Validate(pool);
        Assert.Equal([("spec.allowedUses[1]", "Workload"), ("spec.allowedUses[2]", "Everything")], errors.Select(e => (e.Path, e.Value)));
    }

    [Fact]
    public void Load_balancer_use_stands_alone_and_has_no_encapsulation()
    {
        var pool = Samples.Pool();
        pool.Spec.AllowedUses = ["LoadBalancer", "Workload"];
        SingleError(pool, "spec.allowedUses", "LoadBalancer,Workload", "cannot be combined");

        pool.Spec.AllowedUses = ["LoadBalancer"];
        pool.Spec.VxlanMode = "Always";
        pool.Spec.NodeSelector = "zone == 'a'";
        pool.Spec.DisableBgpExport = true;
        var errors = ResourceValidator.Validate(pool);
        Assert.Equal(["spec.nodeSelector", "spec.vxlanMode", "spec.disableBGPExport"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Namespace_selector_forbids_tunnel_use_including_the_default()
    {
        var pool = Samples.Pool();
        pool.Spec.NamespaceSelector = "team == 'a'";
        SingleError(pool, "spec.namespaceSelector", "team == 'a'", "Tunnel");
        pool.Spec.AllowedUses = ["Workload"];
        Valid(pool);
    }

    [Fact]
    public void Selectors_are_parsed_and_global_is_forbidden()
    {
        var pool = Samples.Pool();
        pool.Spec.NodeSelector = "zone ==";
        SingleError(pool, "spec.nodeSelector", "zone ==", "invalid selector");
        pool.Spec.NodeSelector = "global()";
        SingleError(pool, "spec.nodeSelector", "global()", "global() is not allowed");
    }

    [Fact]
    public void Overlap_with_existing_pools_is_reported_per_pool()
    {
        var existing = new[]
        {
            new IPPool { Metadata = { Name = "a" }, Spec = { Cidr = "10.0.0.0/8" } },
            new IPPool { Metadata = { Name = "b" }, Spec = { Cidr = "10.1.2.0/24" } },
            new IPPool { Metadata = { Name = "c" }, Spec = { Cidr = "192.168.0.0/16" } },
            new IPPool { Metadata = { Name = "pool" }, Spec = { Cidr = "10.1.0.0/16" } },
        };

        var errors = IPPoolOverlap.Check(Samples.Pool("10.1.0.0/16"), existing, 5);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal((5, "spec.cidr", "10.1.0.0/16"), (e.DocumentIndex, e.Path, e.Value)));
        Assert.Contains("\"a\"", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"b\"", errors[1].Message, StringComparison.Ordinal);
        Assert.Empty(IPPoolOverlap.Check(Samples.Pool("fd00::/48"), existing));
    }
}
