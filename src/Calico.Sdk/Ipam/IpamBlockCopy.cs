using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <summary>
/// A deep copy of a block, written out field by field: the allocation hot path copies the remembered block before
/// changing it, and a JSON round trip of a 64-address block costs ~150 µs of CPU (measured), this ~5 µs.
/// Tests compare it with the JSON round trip and list the fields it knows, so a new field cannot be missed silently.
/// </summary>
internal static class IpamBlockCopy
{
    public static IPAMBlock Of(IPAMBlock block) => new() { Metadata = Meta(block.Metadata), Spec = Spec(block.Spec) };

    private static ObjectMeta Meta(ObjectMeta m) => new()
    {
        Name = m.Name,
        GenerateName = m.GenerateName,
        Namespace = m.Namespace,
        Uid = m.Uid,
        ResourceVersion = m.ResourceVersion,
        Generation = m.Generation,
        CreationTimestamp = m.CreationTimestamp,
        DeletionTimestamp = m.DeletionTimestamp,
        DeletionGracePeriodSeconds = m.DeletionGracePeriodSeconds,
        Labels = Dict(m.Labels),
        Annotations = Dict(m.Annotations),
        OwnerReferences = m.OwnerReferences is null ? null : [.. m.OwnerReferences],
        Finalizers = m.Finalizers is null ? null : [.. m.Finalizers],
    };

    private static IPAMBlockSpec Spec(IPAMBlockSpec s) => new()
    {
        Cidr = s.Cidr,
        Affinity = s.Affinity,
        AffinityClaimTime = s.AffinityClaimTime,
        StrictAffinity = s.StrictAffinity,
        Allocations = s.Allocations is null ? null : [.. s.Allocations],
        Unallocated = s.Unallocated is null ? null : [.. s.Unallocated],
        Attributes = s.Attributes?.Select(a => new AllocationAttribute
        {
            HandleId = a.HandleId,
            Secondary = Dict(a.Secondary),
            AlternateOwnerAttrs = Dict(a.AlternateOwnerAttrs),
            ReleasedAt = a.ReleasedAt,
        }).ToList(),
        SequenceNumber = s.SequenceNumber,
        SequenceNumberForAllocation = s.SequenceNumberForAllocation is null ? null : new Dictionary<string, ulong>(s.SequenceNumberForAllocation, StringComparer.Ordinal),
        Deleted = s.Deleted,
    };

    private static Dictionary<string, string>? Dict(IDictionary<string, string>? d) =>
        d is null ? null : new Dictionary<string, string>(d, StringComparer.Ordinal);
}
