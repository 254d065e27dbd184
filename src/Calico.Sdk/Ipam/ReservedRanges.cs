using Calico.Sdk.Resources;

namespace Calico.Sdk.Ipam;

/// <summary>The CIDRs of every IPReservation: addresses IPAM never hands out (existing allocations are kept).</summary>
internal sealed class ReservedRanges
{
    private readonly IReadOnlyList<IpCidr> _ranges;

    /// <summary>Creates the set.</summary>
    public ReservedRanges(IReadOnlyList<IpCidr> ranges) => _ranges = ranges;

    /// <summary>No reservations.</summary>
    public static ReservedRanges None { get; } = new([]);

    /// <summary>The reserved CIDRs.</summary>
    public IReadOnlyList<IpCidr> Ranges => _ranges;

    /// <summary>Reads reservations; an unparsable entry is reported and skipped.</summary>
    public static ReservedRanges From(IEnumerable<IPReservation> reservations, ICollection<string> problems)
    {
        var ranges = new List<IpCidr>();
        foreach (var r in reservations)
        {
            foreach (var text in r.Spec?.ReservedCidrs ?? [])
            {
                if (IpCidr.TryParse(text, out var cidr, out var error))
                {
                    ranges.Add(cidr);
                }
                else
                {
                    problems.Add($"IPReservation '{r.Metadata.Name}': {error}");
                }
            }
        }

        return new ReservedRanges(ranges);
    }

    /// <summary>Whether an address is reserved.</summary>
    public bool IsReserved(UInt128 address, bool isV6) => _ranges.Any(r => r.IsV6 == isV6 && r.Contains(address));

    /// <summary>A predicate over a block's ordinals, or null when no reservation touches the block.</summary>
    public Func<int, bool>? ForBlock(IpCidr block)
    {
        var touching = _ranges.Where(r => r.Overlaps(block)).ToArray();
        if (touching.Length == 0)
        {
            return null;
        }

        return ordinal =>
        {
            var address = block.Network + (UInt128)(uint)ordinal;
            return touching.Any(r => r.Contains(address));
        };
    }

    /// <summary>Whether every address of a block is reserved.</summary>
    public bool CoversBlock(IpCidr block)
    {
        var reserved = ForBlock(block);
        if (reserved is null)
        {
            return false;
        }

        if (_ranges.Any(r => r.Contains(block)))
        {
            return true;
        }

        var size = (int)block.Size;
        for (var o = 0; o < size; o++)
        {
            if (!reserved(o))
            {
                return false;
            }
        }

        return true;
    }
}
