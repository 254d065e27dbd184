namespace Calico.Sdk.Ipam;

/// <summary>
/// The order in which a host walks a pool's blocks, as Calico's <c>randomBlockGenerator</c>: a start index drawn
/// from a generator seeded with the FNV-1a hash of the host name, then every block in turn, wrapping around. Each
/// host therefore starts in its own region of the pool (few claim races) and the same host always starts at the
/// same place (deterministic, testable).
/// </summary>
internal readonly record struct BlockSearch
{
    /// <summary>Creates the search of a pool for a host.</summary>
    public BlockSearch(PoolLayout layout, string host)
    {
        Layout = layout;
        var count = layout.BlockCount;
        Start = count == UInt128.Zero ? UInt128.Zero : SeededIndex(host) % count;
    }

    /// <summary>The pool layout.</summary>
    public PoolLayout Layout { get; }

    /// <summary>The first block index visited.</summary>
    public UInt128 Start { get; }

    /// <summary>The position of a block index in the walk (0 = visited first).</summary>
    public UInt128 PositionOf(UInt128 index)
    {
        var count = Layout.BlockCount;
        return index >= Start ? index - Start : count - Start + index;
    }

    /// <summary>The block index at a position of the walk.</summary>
    public UInt128 IndexAt(UInt128 position)
    {
        var count = Layout.BlockCount;
        var room = count - Start;
        return position < room ? Start + position : position - room;
    }

    /// <summary>FNV-1a (32-bit) of the UTF-8 host name.</summary>
    public static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }

    /// <summary>A 128-bit pseudo-random value from two SplitMix64 steps seeded by the host hash.</summary>
    private static UInt128 SeededIndex(string host)
    {
        var state = (ulong)Fnv1a32(host);
        var hi = SplitMix64(ref state);
        var lo = SplitMix64(ref state);
        return new UInt128(hi, lo);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
