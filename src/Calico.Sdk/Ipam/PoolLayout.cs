namespace Calico.Sdk.Ipam;

/// <summary>
/// How a pool's CIDR divides into equal IPAM blocks: block <c>i</c> starts at <c>pool + i × blockSize</c>.
/// </summary>
internal readonly record struct PoolLayout
{
    /// <summary>Creates a layout; the block prefix must be at least as long as the pool prefix.</summary>
    public PoolLayout(IpCidr pool, int blockPrefixLength)
    {
        if (blockPrefixLength < pool.PrefixLength || blockPrefixLength > pool.AddressBits)
        {
            throw new ArgumentOutOfRangeException(
                nameof(blockPrefixLength),
                blockPrefixLength,
                $"block size /{blockPrefixLength} must be between the pool prefix /{pool.PrefixLength} and /{pool.AddressBits}");
        }

        Pool = pool;
        BlockPrefixLength = blockPrefixLength;
    }

    /// <summary>The pool.</summary>
    public IpCidr Pool { get; }

    /// <summary>The block prefix length.</summary>
    public int BlockPrefixLength { get; }

    /// <summary>Addresses per block (at most 2^(128-116) for valid pools, but computed generally).</summary>
    public UInt128 BlockSize => UInt128.One << (Pool.AddressBits - BlockPrefixLength);

    /// <summary>How many blocks the pool holds.</summary>
    public UInt128 BlockCount
    {
        get
        {
            var bits = BlockPrefixLength - Pool.PrefixLength;
            return bits >= 128 ? UInt128.MaxValue : UInt128.One << bits;
        }
    }

    /// <summary>The <paramref name="index"/>-th block.</summary>
    public IpCidr BlockAt(UInt128 index)
    {
        if (index >= BlockCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "block index beyond the pool");
        }

        return IpCidr.Create(Pool.Network + (index << (Pool.AddressBits - BlockPrefixLength)), BlockPrefixLength, Pool.IsV6);
    }

    /// <summary>The index of the block holding an address of the pool.</summary>
    public UInt128 IndexOf(UInt128 address)
    {
        if (!Pool.Contains(address))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"{IpCidr.Format(address, Pool.IsV6)} is outside {Pool}");
        }

        return (address - Pool.Network) >> (Pool.AddressBits - BlockPrefixLength);
    }

    /// <summary>The block holding an address of the pool.</summary>
    public IpCidr BlockFor(UInt128 address) => BlockAt(IndexOf(address));

    /// <summary>Whether <paramref name="block"/> is exactly one of this pool's blocks.</summary>
    public bool IsBlock(IpCidr block) => block.PrefixLength == BlockPrefixLength && Pool.Contains(block);
}
