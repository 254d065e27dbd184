using Calico.Sdk.Ipam;
using Xunit;

namespace Calico.Sdk.Tests.Ipam;

public sealed class PoolLayoutTests
{
    [Theory]
    [InlineData("10.0.0.0/22", 26, "16", "10.0.3.192/26")]
    [InlineData("10.0.0.0/32", 32, "1", "10.0.0.0/32")]
    [InlineData("10.0.0.4/30", 32, "4", "10.0.0.7/32")]
    [InlineData("fd00::/120", 122, "4", "fd00::c0/122")]
    [InlineData("fd00::1/128", 128, "1", "fd00::1/128")]
    [InlineData("fd00::/48", 122, "18889465931478580854784", "fd00::ffff:ffff:ffff:ffff:ffc0/122")]
    public void Divides_pools_into_blocks(string pool, int blockSize, string count, string last)
    {
        var layout = new PoolLayout(IpCidr.Parse(pool), blockSize);
        var n = UInt128.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(n, layout.BlockCount);
        Assert.Equal(last, layout.BlockAt(n - 1).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.BlockAt(n));
    }

    [Fact]
    public void Block_size_shorter_than_the_pool_is_rejected() =>
        Assert.Contains("must be between the pool prefix /24", Assert.Throws<ArgumentOutOfRangeException>(() => new PoolLayout(IpCidr.Parse("10.0.0.0/24"), 20)).Message, StringComparison.Ordinal);

    [Fact]
    public void Block_of_every_address_is_the_block_at_its_index()
    {
        var random = new Random(99);
        for (var i = 0; i < 3_000; i++)
        {
            var v6 = (i & 1) == 1;
            var bits = v6 ? 128 : 32;
            var pool = IpCidrTests.RandomCidr(random, v6, bits);
            var blockPrefix = random.Next(pool.PrefixLength, Math.Min(bits, pool.PrefixLength + 40) + 1);
            var layout = new PoolLayout(pool, blockPrefix);
            var offset = new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) & IpCidr.HostMask(pool.HostBits);
            var address = pool.Network + offset;
            var block = layout.BlockFor(address);
            Assert.True(block.Contains(address));
            Assert.True(pool.Contains(block));
            Assert.True(layout.IsBlock(block));
            Assert.Equal(block, layout.BlockAt(layout.IndexOf(address)));
            Assert.Equal(blockPrefix, block.PrefixLength);
        }
    }

    [Fact]
    public void Address_outside_the_pool_has_no_block()
    {
        var layout = new PoolLayout(IpCidr.Parse("10.0.0.0/24"), 26);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.IndexOf(IpCidr.ToUInt128(System.Net.IPAddress.Parse("10.0.1.0"))));
    }

    [Fact]
    public void Host_seeded_search_visits_every_block_once_from_a_stable_start()
    {
        var layout = new PoolLayout(IpCidr.Parse("10.0.0.0/20"), 26);
        var starts = new HashSet<UInt128>();
        for (var h = 0; h < 50; h++)
        {
            var search = new BlockSearch(layout, $"node-{h}");
            Assert.Equal(search.Start, new BlockSearch(layout, $"node-{h}").Start);
            starts.Add(search.Start);
            var seen = new HashSet<UInt128>();
            for (var p = UInt128.Zero; p < layout.BlockCount; p++)
            {
                var index = search.IndexAt(p);
                Assert.True(seen.Add(index));
                Assert.Equal(p, search.PositionOf(index));
            }

            Assert.Equal(search.Start, search.IndexAt(0));
            Assert.Equal((int)layout.BlockCount, seen.Count);
        }

        // 50 hosts over 64 blocks: the starts spread out instead of piling onto block 0.
        Assert.True(starts.Count > 20, $"only {starts.Count} distinct start blocks");
    }

    [Fact]
    public void Search_of_a_huge_v6_pool_and_a_single_block_pool_stays_in_range()
    {
        var huge = new PoolLayout(IpCidr.Parse("fd00::/48"), 122);
        var search = new BlockSearch(huge, "node-a");
        Assert.True(search.Start < huge.BlockCount);
        Assert.Equal(search.Start, search.IndexAt(0));
        Assert.Equal(huge.BlockCount - 1, search.PositionOf(search.Start == 0 ? huge.BlockCount - 1 : search.Start - 1));
        var single = new BlockSearch(new PoolLayout(IpCidr.Parse("10.9.9.9/32"), 32), "node-a");
        Assert.Equal(UInt128.Zero, single.Start);
    }

    [Fact]
    public void Fnv1a_matches_the_reference_vectors()
    {
        Assert.Equal(0x811c9dc5u, BlockSearch.Fnv1a32(string.Empty));
        Assert.Equal(0xe40c292cu, BlockSearch.Fnv1a32("a"));
        Assert.Equal(0xbf9cf968u, BlockSearch.Fnv1a32("foobar"));
    }
}
