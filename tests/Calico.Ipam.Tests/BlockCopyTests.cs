using System.Text.Json;
using Calico.Sdk.Ipam;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Ipam.Tests;

/// <summary>The hand-written block copy of the allocation hot path is a faithful deep copy.</summary>
public sealed class BlockCopyTests
{
    private static IPAMBlock Populated() => new()
    {
        Metadata =
        {
            Name = "10-0-0-0-26", Uid = "u", ResourceVersion = "42", Generation = 3, CreationTimestamp = "2026-01-01T00:00:00Z",
            Labels = new Dictionary<string, string> { ["a"] = "b" }, Annotations = new Dictionary<string, string> { ["c"] = "d" },
            Finalizers = ["f"], OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Node", Name = "n", Uid = "x" }],
        },
        Spec =
        {
            Cidr = "10.0.0.0/26", Affinity = "host:node-1", AffinityClaimTime = "2026-01-01T00:00:00Z", StrictAffinity = false,
            Allocations = [0, null, 1], Unallocated = [1, 3, 2],
            Attributes =
            [
                new AllocationAttribute { HandleId = "h0", Secondary = new Dictionary<string, string> { ["node"] = "node-1" } },
                new AllocationAttribute { HandleId = "h1", AlternateOwnerAttrs = new Dictionary<string, string> { ["pod"] = "p" }, ReleasedAt = "2026-01-01T00:00:01Z" },
            ],
            SequenceNumber = 9, SequenceNumberForAllocation = new Dictionary<string, ulong> { ["0"] = 7, ["2"] = 8 }, Deleted = false,
        },
    };

    private static string Json(IPAMBlock block) => JsonSerializer.Serialize(block, CalicoJsonContext.Default.IPAMBlock);

    [Fact]
    public void The_copy_serialises_exactly_like_the_original_and_shares_nothing_mutable()
    {
        var original = Populated();
        var before = Json(original);
        var copy = IpamStore.Clone(original);
        Assert.Equal(before, Json(copy));

        copy.Spec.Allocations![1] = 5;
        copy.Spec.Unallocated!.RemoveAt(0);
        copy.Spec.Attributes![0].Secondary!["node"] = "other";
        copy.Spec.Attributes.Add(new AllocationAttribute { HandleId = "new" });
        copy.Spec.SequenceNumberForAllocation!["1"] = 10;
        copy.Metadata.Labels!["a"] = "z";
        copy.Metadata.Finalizers!.Add("g");
        Assert.Equal(before, Json(original));
    }

    /// <summary>When a field is added to these types, the copy must learn it: this list fails first.</summary>
    [Fact]
    public void The_copy_knows_every_field()
    {
        static string[] Settable(Type t) => [.. t.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(
            ["Affinity", "AffinityClaimTime", "Allocations", "Attributes", "Cidr", "Deleted", "SequenceNumber", "SequenceNumberForAllocation", "StrictAffinity", "Unallocated"],
            Settable(typeof(IPAMBlockSpec)));
        Assert.Equal(["AlternateOwnerAttrs", "HandleId", "ReleasedAt", "Secondary"], Settable(typeof(AllocationAttribute)));
        Assert.Equal(
            ["Annotations", "CreationTimestamp", "DeletionGracePeriodSeconds", "DeletionTimestamp", "Finalizers", "GenerateName", "Generation", "Labels", "Name", "Namespace", "OwnerReferences", "ResourceVersion", "Uid"],
            Settable(typeof(ObjectMeta)));
        Assert.Equal(["ApiVersion", "Kind", "Metadata", "Spec"], Settable(typeof(IPAMBlock)));
    }
}
