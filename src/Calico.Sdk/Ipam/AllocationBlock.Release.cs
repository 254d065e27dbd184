using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <content>Release, cool-down and compaction.</content>
internal sealed partial class AllocationBlock
{
    /// <summary>
    /// Frees one ordinal when it is live and matches the expected sequence number and handle (each when given).
    /// With a cool-down the slot keeps a <c>releasedAt</c> attribute; otherwise the ordinal joins the tail of the free
    /// list. Call <see cref="BeginWrite"/> once before releasing.
    /// </summary>
    public ReleaseOutcome Release(int ordinal, ulong? expectedSequence, string? expectedHandle, DateTimeOffset now, bool coolDown)
    {
        if (!IsInUse(ordinal))
        {
            return ReleaseOutcome.NotAllocated;
        }

        if ((expectedSequence is { } seq && SequenceNumberOf(ordinal) != seq)
            || (expectedHandle is not null && !string.Equals(HandleOf(ordinal), expectedHandle, StringComparison.Ordinal)))
        {
            return ReleaseOutcome.Mismatch;
        }

        Spec.SequenceNumberForAllocation!.Remove(Key(ordinal));
        if (coolDown)
        {
            Spec.Attributes!.Add(new AllocationAttribute { ReleasedAt = Rfc3339.Format(now) });
            Spec.Allocations![ordinal] = Spec.Attributes.Count - 1;
        }
        else
        {
            Spec.Allocations![ordinal] = null;
            Spec.Unallocated!.Add(ordinal);
        }

        return ReleaseOutcome.Released;
    }

    /// <summary>
    /// Returns ordinals whose cool-down has ended to the tail of the free list (oldest release first) and drops
    /// attributes no slot references. Returns whether anything changed.
    /// </summary>
    public bool CollectGarbage(DateTimeOffset now, TimeSpan coolDown)
    {
        var changed = false;
        var cooled = new List<(DateTimeOffset At, int Ordinal)>();
        for (var o = 0; o < Spec.Allocations!.Count; o++)
        {
            if (AttributeOf(o) is { ReleasedAt: { } releasedText })
            {
                var releasedAt = Rfc3339.Parse(releasedText) ?? DateTimeOffset.MinValue;
                if (now - releasedAt >= coolDown)
                {
                    cooled.Add((releasedAt, o));
                }
            }
        }

        foreach (var (_, o) in cooled.OrderBy(c => c.At).ThenBy(c => c.Ordinal))
        {
            Spec.Allocations[o] = null;
            Spec.Unallocated!.Add(o);
            changed = true;
        }

        return Compact() || changed;
    }

    /// <summary>Removes attributes that no slot references and renumbers the slots.</summary>
    private bool Compact()
    {
        var attributes = Spec.Attributes!;
        var used = new bool[attributes.Count];
        foreach (var a in Spec.Allocations!)
        {
            if (a is { } i && i >= 0 && i < used.Length)
            {
                used[i] = true;
            }
        }

        if (used.All(u => u))
        {
            return false;
        }

        var map = new int[attributes.Count];
        var kept = new List<AllocationAttribute>();
        for (var i = 0; i < attributes.Count; i++)
        {
            map[i] = used[i] ? kept.Count : -1;
            if (used[i])
            {
                kept.Add(attributes[i]);
            }
        }

        attributes.Clear();
        foreach (var a in kept)
        {
            attributes.Add(a);
        }

        for (var o = 0; o < Spec.Allocations.Count; o++)
        {
            if (Spec.Allocations[o] is { } i && i >= 0 && i < map.Length)
            {
                Spec.Allocations[o] = map[i];
            }
        }

        return true;
    }
}
