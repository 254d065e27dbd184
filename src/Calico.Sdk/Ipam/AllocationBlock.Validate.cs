namespace Calico.Sdk.Ipam;

/// <content>Structural validation for <c>CheckAsync</c>.</content>
internal sealed partial class AllocationBlock
{
    /// <summary>Every structural inconsistency of the stored block, in words.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var allocations = Spec.Allocations!;
        if (allocations.Count != Size)
        {
            problems.Add($"has {allocations.Count} allocation slots, expected {Size}");
            return problems;
        }

        var seen = new HashSet<int>();
        foreach (var o in Spec.Unallocated!)
        {
            if (o < 0 || o >= Size)
            {
                problems.Add($"free list holds ordinal {o}, outside 0..{Size - 1}");
            }
            else if (!seen.Add(o))
            {
                problems.Add($"free list holds ordinal {o} twice");
            }
            else if (allocations[o] is not null)
            {
                problems.Add($"ordinal {o} ({IpCidr.Format(AddressOf(o), Cidr.IsV6)}) is both allocated and on the free list");
            }
        }

        for (var o = 0; o < Size; o++)
        {
            if (allocations[o] is { } index)
            {
                if (index < 0 || index >= Spec.Attributes!.Count)
                {
                    problems.Add($"ordinal {o} refers to attribute {index}, which does not exist");
                }
                else if (IsInUse(o) && string.IsNullOrEmpty(HandleOf(o)))
                {
                    problems.Add($"ordinal {o} ({IpCidr.Format(AddressOf(o), Cidr.IsV6)}) is allocated without a handle");
                }
                else if (IsInUse(o) && SequenceNumberOf(o) is null)
                {
                    problems.Add($"ordinal {o} ({IpCidr.Format(AddressOf(o), Cidr.IsV6)}) has no allocation sequence number");
                }
            }
            else if (!seen.Contains(o))
            {
                problems.Add($"ordinal {o} ({IpCidr.Format(AddressOf(o), Cidr.IsV6)}) is neither allocated nor on the free list (lost)");
            }
        }

        return problems;
    }
}
