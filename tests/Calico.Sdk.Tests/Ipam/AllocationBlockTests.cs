using Calico.Sdk.Ipam;
using Xunit;

namespace Calico.Sdk.Tests.Ipam;

public sealed class AllocationBlockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> NoAttrs = [];

    private static AllocationBlock NewBlock(string cidr = "10.0.0.0/26") =>
        new(AllocationBlock.NewSpec(IpCidr.Parse(cidr), "host:node-1", T0));

    [Fact]
    public void A_new_block_is_empty_valid_and_hands_out_ordinals_in_order()
    {
        var block = NewBlock();
        Assert.True(block.IsEmpty);
        Assert.Empty(block.Validate());
        Assert.Equal(64, block.FreeCount(null));
        Assert.Equal("node-1", block.AffineHost);
        var seq = block.BeginWrite();
        Assert.Equal([0, 1, 2], block.Assign(3, "h", NoAttrs, null));
        Assert.All([0, 1, 2], o => Assert.Equal(seq, block.SequenceNumberOf(o)));
        Assert.Equal(3, block.InUseCount);
        Assert.Empty(block.Validate());
    }

    [Fact]
    public void Freed_ordinals_are_reused_last()
    {
        var block = NewBlock("10.0.0.0/29");
        block.BeginWrite();
        block.Assign(4, "h", NoAttrs, null);
        block.BeginWrite();
        Assert.Equal(ReleaseOutcome.Released, block.Release(1, null, null, T0, coolDown: false));

        // 4..7 were never used: they go first, then the freed ordinal 1.
        block.BeginWrite();
        Assert.Equal([4, 5, 6, 7, 1], block.Assign(5, "h2", NoAttrs, null));
        Assert.Equal(0, block.FreeCount(null));
    }

    [Fact]
    public void A_released_ordinal_cools_down_before_reuse()
    {
        var block = NewBlock("10.0.0.0/31");
        block.BeginWrite();
        block.Assign(2, "h", NoAttrs, null);
        block.BeginWrite();
        block.Release(0, null, null, T0, coolDown: true);
        Assert.True(block.IsCoolingDown(0));
        Assert.False(block.IsInUse(0));
        Assert.False(block.IsEmpty);
        Assert.Equal(0, block.FreeCount(null));
        Assert.Empty(block.Validate());

        block.CollectGarbage(T0.AddSeconds(29), TimeSpan.FromSeconds(30));
        Assert.Equal(0, block.FreeCount(null));
        block.CollectGarbage(T0.AddSeconds(30), TimeSpan.FromSeconds(30));
        Assert.Equal([0], block.FreeOrdinals(null));
        Assert.Empty(block.Validate());
        Assert.Single(block.Spec.Attributes!);
    }

    [Fact]
    public void A_stale_release_is_refused_by_sequence_number_and_handle()
    {
        var block = NewBlock();
        var first = block.BeginWrite();
        block.Assign(1, "old", NoAttrs, null);
        block.BeginWrite();
        block.Release(0, first, "old", T0, coolDown: false);

        // The ordinal comes back only after all others; force reuse by filling the block.
        var second = block.BeginWrite();
        block.Assign(64, "new", NoAttrs, null);
        Assert.NotEqual(first, second);
        block.BeginWrite();
        Assert.Equal(ReleaseOutcome.Mismatch, block.Release(0, first, null, T0, coolDown: false));
        Assert.Equal(ReleaseOutcome.Mismatch, block.Release(0, null, "old", T0, coolDown: false));
        Assert.Equal("new", block.HandleOf(0));
        Assert.Equal(ReleaseOutcome.Released, block.Release(0, second, "new", T0, coolDown: false));
        Assert.Equal(ReleaseOutcome.NotAllocated, block.Release(0, second, "new", T0, coolDown: false));
    }

    [Fact]
    public void Reserved_ordinals_are_never_handed_out()
    {
        var block = NewBlock("10.0.0.0/28");
        var reserved = new ReservedRanges([IpCidr.Parse("10.0.0.0/30"), IpCidr.Parse("10.0.0.15/32")]);
        var isReserved = reserved.ForBlock(block.Cidr);
        Assert.NotNull(isReserved);
        Assert.Equal(11, block.FreeCount(isReserved));
        block.BeginWrite();
        var got = block.Assign(16, "h", NoAttrs, isReserved);
        Assert.Equal(Enumerable.Range(4, 11), got);
        Assert.False(reserved.CoversBlock(block.Cidr));
        Assert.True(reserved.CoversBlock(IpCidr.Parse("10.0.0.0/31")));
        Assert.Null(reserved.ForBlock(IpCidr.Parse("10.0.1.0/26")));
    }

    [Fact]
    public void Specific_ordinal_assignment_takes_it_off_the_free_list()
    {
        var block = NewBlock("fd00::/124");
        block.BeginWrite();
        Assert.True(block.AssignOrdinal(9, "h", NoAttrs));
        Assert.False(block.AssignOrdinal(9, "h2", NoAttrs));
        Assert.DoesNotContain(9, block.FreeOrdinals(null));
        Assert.Equal(IpCidr.ToUInt128(System.Net.IPAddress.Parse("fd00::9")), block.AddressOf(9));
        Assert.Empty(block.Validate());
    }

    [Fact]
    public void Validation_names_every_kind_of_corruption()
    {
        var block = NewBlock("10.0.0.0/30");
        block.BeginWrite();
        block.Assign(1, "h", NoAttrs, null);
        block.Spec.Unallocated!.Add(0);     // allocated and free
        block.Spec.Unallocated.Remove(3);   // lost
        block.Spec.Unallocated.Add(2);      // twice
        block.Spec.Allocations![1] = 7;     // dangling attribute
        block.Spec.Unallocated.Remove(1);
        var problems = block.Validate();
        Assert.Contains(problems, p => p.Contains("both allocated and on the free list", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ordinal 3 (10.0.0.3) is neither allocated nor on the free list", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ordinal 2 twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("refers to attribute 7", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_operation_sequences_keep_the_block_consistent_with_a_model()
    {
        var random = new Random(12345);
        for (var run = 0; run < 200; run++)
        {
            var v6 = run % 2 == 1;
            var prefix = v6 ? random.Next(122, 129) : random.Next(26, 33);
            var block = NewBlock(v6 ? $"fd00::/{prefix}" : $"10.0.0.0/{prefix}");
            var coolDown = TimeSpan.FromSeconds(random.Next(0, 3));
            var model = new Dictionary<int, (string Handle, ulong Seq)>();
            var releasedAt = new Dictionary<int, DateTimeOffset>();
            var now = T0;
            for (var step = 0; step < 300; step++)
            {
                now = now.AddMilliseconds(random.Next(0, 800));
                block.CollectGarbage(now, coolDown);
                foreach (var (o, at) in releasedAt.ToList())
                {
                    if (now - at >= coolDown)
                    {
                        releasedAt.Remove(o);
                    }
                }

                if (random.Next(3) > 0)
                {
                    var want = random.Next(1, 5);
                    var free = block.Size - model.Count - releasedAt.Count;
                    var seq = block.BeginWrite();
                    var handle = $"h{step}";
                    var got = block.Assign(want, handle, NoAttrs, null);
                    Assert.Equal(Math.Min(want, free), got.Count);
                    foreach (var o in got)
                    {
                        Assert.True(model.TryAdd(o, (handle, seq)), $"ordinal {o} handed out twice");
                        Assert.False(releasedAt.ContainsKey(o), $"ordinal {o} reused during its cool-down");
                    }
                }
                else if (model.Count > 0)
                {
                    var victim = model.Keys.ElementAt(random.Next(model.Count));
                    var (handle, seq) = model[victim];
                    block.BeginWrite();
                    var staleSeq = random.Next(4) == 0;
                    var outcome = block.Release(victim, staleSeq ? seq + 1_000_000 : seq, handle, now, coolDown > TimeSpan.Zero);
                    Assert.Equal(staleSeq ? ReleaseOutcome.Mismatch : ReleaseOutcome.Released, outcome);
                    if (!staleSeq)
                    {
                        model.Remove(victim);
                        if (coolDown > TimeSpan.Zero)
                        {
                            releasedAt[victim] = now;
                        }
                    }
                }

                Assert.Equal(model.Count, block.InUseCount);
                foreach (var (o, (handle, seq)) in model)
                {
                    Assert.Equal(handle, block.HandleOf(o));
                    Assert.Equal(seq, block.SequenceNumberOf(o));
                }

                var problems = block.Validate();
                Assert.True(problems.Count == 0, string.Join("; ", problems));
            }
        }
    }
}
