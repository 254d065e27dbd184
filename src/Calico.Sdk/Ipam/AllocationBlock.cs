using System.Globalization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <summary>
/// The allocation state of one IPAM block, over Calico's stored model: <c>allocations[ordinal]</c> indexes
/// <c>attributes</c> (null = free), <c>unallocated</c> is the FIFO of free ordinals (handed out from the head,
/// freed ordinals appended at the tail so they are reused last), a released ordinal keeps an attribute with
/// <c>releasedAt</c> until its cool-down ends, and <c>sequenceNumberForAllocation</c> records which write made each
/// allocation so that a stale release can be refused. Mutates the wrapped spec in place.
/// </summary>
internal sealed partial class AllocationBlock
{
    /// <summary>Wraps a stored block spec.</summary>
    public AllocationBlock(IPAMBlockSpec spec)
    {
        Spec = spec;
        Cidr = IpCidr.Parse(spec.Cidr ?? throw new ArgumentException("block has no cidr", nameof(spec)));
        spec.Allocations ??= [];
        spec.Unallocated ??= [];
        spec.Attributes ??= [];
        spec.SequenceNumberForAllocation ??= new Dictionary<string, ulong>(StringComparer.Ordinal);
    }

    /// <summary>The wrapped spec.</summary>
    public IPAMBlockSpec Spec { get; }

    /// <summary>The block CIDR.</summary>
    public IpCidr Cidr { get; }

    /// <summary>The number of ordinals.</summary>
    public int Size => (int)Cidr.Size;

    /// <summary>The stored affinity (<c>host:&lt;node&gt;</c>), or null.</summary>
    public string? Affinity => Spec.Affinity;

    /// <summary>The host the block is affine to, or null.</summary>
    public string? AffineHost => Spec.Affinity is { } a && a.StartsWith("host:", StringComparison.Ordinal) ? a[5..] : null;

    /// <summary>Creates the spec of a new, empty block.</summary>
    public static IPAMBlockSpec NewSpec(IpCidr cidr, string? affinity, DateTimeOffset now)
    {
        if (cidr.HostBits > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(cidr), $"block {cidr} is larger than 4096 addresses");
        }

        var size = (int)cidr.Size;
        var allocations = new List<int?>(size);
        var unallocated = new List<int>(size);
        for (var i = 0; i < size; i++)
        {
            allocations.Add(null);
            unallocated.Add(i);
        }

        return new IPAMBlockSpec
        {
            Cidr = cidr.ToString(),
            Affinity = affinity,
            AffinityClaimTime = affinity is null ? null : Rfc3339.Format(now),
            Allocations = allocations,
            Unallocated = unallocated,
            Attributes = [],
            // Calico initialises the sequence number to the creation time so that a re-created block never repeats
            // the sequence numbers of an earlier incarnation.
            SequenceNumber = (ulong)(now.ToUnixTimeMilliseconds() * 1_000_000L),
            SequenceNumberForAllocation = new Dictionary<string, ulong>(StringComparer.Ordinal),
        };
    }

    /// <summary>The block's sequence number.</summary>
    public ulong SequenceNumber => Spec.SequenceNumber ?? 0;

    /// <summary>The address of an ordinal.</summary>
    public UInt128 AddressOf(int ordinal) => Cidr.Network + (UInt128)(uint)ordinal;

    /// <summary>The ordinal of an address inside the block.</summary>
    public int OrdinalOf(UInt128 address) =>
        Cidr.Contains(address) ? (int)(address - Cidr.Network) : throw new ArgumentOutOfRangeException(nameof(address), $"{IpCidr.Format(address, Cidr.IsV6)} is outside block {Cidr}");

    /// <summary>The attribute of an ordinal, or null when the slot is free.</summary>
    public AllocationAttribute? AttributeOf(int ordinal)
    {
        var index = Spec.Allocations![ordinal];
        return index is { } i && i >= 0 && i < Spec.Attributes!.Count ? Spec.Attributes[i] : null;
    }

    /// <summary>Whether an ordinal is held by a live allocation (not free, not cooling down).</summary>
    public bool IsInUse(int ordinal) =>
        Spec.Allocations![ordinal] is not null && AttributeOf(ordinal) is { ReleasedAt: null };

    /// <summary>Whether an ordinal is released but still in its cool-down.</summary>
    public bool IsCoolingDown(int ordinal) => AttributeOf(ordinal) is { ReleasedAt: not null };

    /// <summary>The handle of a live allocation, or null.</summary>
    public string? HandleOf(int ordinal) => IsInUse(ordinal) ? AttributeOf(ordinal)!.HandleId : null;

    /// <summary>The sequence number recorded for an ordinal's allocation.</summary>
    public ulong? SequenceNumberOf(int ordinal) =>
        Spec.SequenceNumberForAllocation!.TryGetValue(Key(ordinal), out var seq) ? seq : null;

    /// <summary>How many ordinals are held by live allocations.</summary>
    public int InUseCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < Spec.Allocations!.Count; i++)
            {
                if (IsInUse(i))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Whether no ordinal is allocated or cooling down (the block may be deleted).</summary>
    public bool IsEmpty => Spec.Allocations!.All(a => a is null);

    /// <summary>The ordinals that can be handed out now, in hand-out order, skipping reserved ones.</summary>
    public IEnumerable<int> FreeOrdinals(Func<int, bool>? isReserved) =>
        Spec.Unallocated!.Where(o => o >= 0 && o < Size && Spec.Allocations![o] is null && (isReserved is null || !isReserved(o)));

    /// <summary>How many ordinals can be handed out now.</summary>
    public int FreeCount(Func<int, bool>? isReserved) => FreeOrdinals(isReserved).Count();

    /// <summary>
    /// How many ordinals could be handed out at <paramref name="now"/> (free ones plus those whose cool-down has
    /// ended), without changing the block.
    /// </summary>
    public int AvailableCount(DateTimeOffset now, TimeSpan coolDown, Func<int, bool>? isReserved)
    {
        var count = FreeCount(isReserved);
        for (var o = 0; o < Spec.Allocations!.Count; o++)
        {
            if (AttributeOf(o) is { ReleasedAt: { } at } && now - (Rfc3339.Parse(at) ?? DateTimeOffset.MinValue) >= coolDown && (isReserved is null || !isReserved(o)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Bumps the sequence number; call once per write, before mutating allocations.</summary>
    public ulong BeginWrite()
    {
        Spec.SequenceNumber = SequenceNumber + 1;
        return Spec.SequenceNumber.Value;
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> free ordinals from the head of the free list for one owner. Call
    /// <see cref="BeginWrite"/> first: each allocation records the write's sequence number.
    /// </summary>
    public IReadOnlyList<int> Assign(int count, string handleId, IReadOnlyDictionary<string, string> attributes, Func<int, bool>? isReserved)
    {
        var picked = FreeOrdinals(isReserved).Take(count).ToList();
        if (picked.Count == 0)
        {
            return picked;
        }

        var attributeIndex = Spec.Attributes!.Count;
        Spec.Attributes.Add(new AllocationAttribute
        {
            HandleId = handleId,
            Secondary = new Dictionary<string, string>(attributes, StringComparer.Ordinal),
        });
        var pickedSet = picked.ToHashSet();
        var unallocated = Spec.Unallocated!;
        var kept = unallocated.Where(o => !pickedSet.Contains(o)).ToList();
        unallocated.Clear();
        foreach (var o in kept)
        {
            unallocated.Add(o);
        }

        foreach (var o in picked)
        {
            Spec.Allocations![o] = attributeIndex;
            Spec.SequenceNumberForAllocation![Key(o)] = SequenceNumber;
        }

        return picked;
    }

    /// <summary>Allocates one given ordinal; false when it is not free.</summary>
    public bool AssignOrdinal(int ordinal, string handleId, IReadOnlyDictionary<string, string> attributes)
    {
        if (Spec.Allocations![ordinal] is not null)
        {
            return false;
        }

        Spec.Attributes!.Add(new AllocationAttribute
        {
            HandleId = handleId,
            Secondary = new Dictionary<string, string>(attributes, StringComparer.Ordinal),
        });
        Spec.Allocations[ordinal] = Spec.Attributes.Count - 1;
        Spec.Unallocated!.Remove(ordinal);
        Spec.SequenceNumberForAllocation![Key(ordinal)] = SequenceNumber;
        return true;
    }

    internal static string Key(int ordinal) => ordinal.ToString(CultureInfo.InvariantCulture);
}
