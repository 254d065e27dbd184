using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Validation;
using Xunit;

namespace Calico.Sdk.Tests.Validation;

public sealed class UpdateValidationTests
{
    [Fact]
    public void Pool_cidr_is_immutable()
    {
        var before = Samples.Pool("10.0.0.0/16");
        var after = Samples.Pool("10.1.0.0/16");

        var error = Assert.Single(ResourceValidator.ValidateUpdate(before, after, 2));

        Assert.Equal((2, "spec.cidr", "10.1.0.0/16"), (error.DocumentIndex, error.Path, error.Value));
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pool_block_size_is_immutable_counting_the_default()
    {
        var before = Samples.Pool();
        var same = Samples.Pool();
        same.Spec.BlockSize = 26;
        var changed = Samples.Pool();
        changed.Spec.BlockSize = 28;

        Assert.Empty(ResourceValidator.ValidateUpdate(before, same));
        var error = Assert.Single(ResourceValidator.ValidateUpdate(before, changed));
        Assert.Equal(("spec.blockSize", "28"), (error.Path, error.Value));
    }

    [Fact]
    public void Other_pool_fields_may_change()
    {
        var before = Samples.Pool();
        var after = ResourceSerializer.Clone(before);
        after.Spec.NatOutgoing = true;
        after.Spec.Disabled = true;
        Assert.Empty(ResourceValidator.ValidateUpdate(before, after));
    }

    [Fact]
    public void Identity_cannot_change()
    {
        var before = Samples.Policy();
        before.Metadata.Uid = "u1";
        var after = ResourceSerializer.Clone(before);
        after.Metadata.Name = "other";
        after.Metadata.Namespace = "elsewhere";
        after.Metadata.Uid = "u2";

        var errors = ResourceValidator.ValidateUpdate(before, after);

        Assert.Equal(["metadata.name", "metadata.namespace", "metadata.uid"], errors.Select(e => e.Path));
        Assert.Equal("kind", Assert.Single(ResourceValidator.ValidateUpdate(before, Samples.GlobalPolicy())).Path);
    }

    [Fact]
    public void Ipam_identity_fields_are_immutable()
    {
        var before = new BlockAffinity { Metadata = { Name = "a" }, Spec = { Node = "n1", Cidr = "10.0.0.0/26", State = "pending" } };
        var after = new BlockAffinity { Metadata = { Name = "a" }, Spec = { Node = "n2", Cidr = "10.0.0.0/26", State = "confirmed" } };
        Assert.Equal("spec.node", Assert.Single(ResourceValidator.ValidateUpdate(before, after)).Path);

        var block = new IPAMBlock { Metadata = { Name = "b" }, Spec = { Cidr = "10.0.0.0/26" } };
        var moved = new IPAMBlock { Metadata = { Name = "b" }, Spec = { Cidr = "10.0.1.0/26" } };
        Assert.Equal("spec.cidr", Assert.Single(ResourceValidator.ValidateUpdate(block, moved)).Path);
    }
}
