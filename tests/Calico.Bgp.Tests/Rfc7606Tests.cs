using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

/// <summary>One case per RFC 7606 rule: the UPDATE is kept, but its routes are withdrawn or the attribute dropped.</summary>
public sealed class Rfc7606Tests
{
    private static readonly byte[] Rest = [.. Wire.AsPath(65001), .. Wire.NextHop()];

    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "§7.1 ORIGIN length 2", Wire.Update([0x40, 1, 2, 0, 0, .. Rest]), "withdraw" },
        { "§7.1 ORIGIN value 3 (RFC 4271 3/6)", Wire.Update([.. Wire.Origin(3), .. Rest]), "withdraw" },
        { "§7.2 AS_PATH segment overrun (RFC 4271 3/11)", Wire.Update([.. Wire.Origin(), .. Wire.Attr(0x40, 2, 2, 3, 0, 0, 0xfd, 0xe9), .. Wire.NextHop()]), "withdraw" },
        { "§7.2 AS_PATH segment type 7", Wire.Update([.. Wire.Origin(), .. Wire.Attr(0x40, 2, 7, 1, 0, 0, 0xfd, 0xe9), .. Wire.NextHop()]), "withdraw" },
        { "§7.2 AS_PATH zero-length segment", Wire.Update([.. Wire.Origin(), .. Wire.Attr(0x40, 2, 2, 0), .. Wire.NextHop()]), "withdraw" },
        { "§7.2 eBGP path not starting with the peer AS", Wire.Update(Wire.Mandatory(peerAs: 65099)), "withdraw" },
        { "§7.3 NEXT_HOP length 5 (RFC 4271 3/5)", Wire.Update([.. Wire.Origin(), .. Wire.AsPath(65001), .. Wire.Attr(0x40, 3, 10, 0, 0, 1, 0)]), "withdraw" },
        { "§7.3 NEXT_HOP 0.0.0.0 (RFC 4271 3/8)", Wire.Update([.. Wire.Origin(), .. Wire.AsPath(65001), .. Wire.NextHop(0, 0, 0, 0)]), "withdraw" },
        { "§7.3 NEXT_HOP multicast", Wire.Update([.. Wire.Origin(), .. Wire.AsPath(65001), .. Wire.NextHop(224, 0, 0, 5)]), "withdraw" },
        { "§7.4 MED length 3", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 4, 0, 0, 1)]), "withdraw" },
        { "§7.5 LOCAL_PREF from eBGP", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x40, 5, 0, 0, 0, 100)]), "discard" },
        { "§7.6 ATOMIC_AGGREGATE length 1", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x40, 6, 1)]), "discard" },
        { "§7.7 AGGREGATOR length 6 on a 4-octet session", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0xC0, 7, 0xfd, 0xe9, 10, 0, 0, 1)]), "discard" },
        { "§7.8 COMMUNITIES length 5", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0xC0, 8, 0, 1, 0, 2, 3)]), "withdraw" },
        { "§7.9 ORIGINATOR_ID length 3", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 9, 1, 2, 3)]), "withdraw" },
        { "§7.10 CLUSTER_LIST length 6", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 10, 1, 2, 3, 4, 5, 6)]), "withdraw" },
        { "§7.11 MP_REACH next hop ::1", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 14, [0, 2, 1, 16, .. new byte[15], 1, 0, 64, 0xfd, 0, 0, 0, 0, 0, 0, 1])], []), "withdraw" },
        { "§7.14 EXTENDED_COMMUNITIES length 7", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0xC0, 16, 1, 2, 3, 4, 5, 6, 7)]), "withdraw" },
        { "RFC 8092 §6 LARGE_COMMUNITY length 11", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0xC0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)]), "withdraw" },
        { "§3.c ORIGIN flagged optional (RFC 4271 3/4)", Wire.Update([.. Wire.Attr(0xC0, 1, 0), .. Rest]), "withdraw" },
        { "§3.c COMMUNITIES flagged non-transitive", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 8, 0, 1, 0, 2)]), "withdraw" },
        { "§3.c AGGREGATOR flagged well-known", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x40, 7, 0, 0, 0, 1, 10, 0, 0, 1)]), "discard" },
        { "§3.d ORIGIN missing (RFC 4271 3/3)", Wire.Update(Rest), "withdraw" },
        { "§3.d AS_PATH missing", Wire.Update([.. Wire.Origin(), .. Wire.NextHop()]), "withdraw" },
        { "§3.d NEXT_HOP missing with IPv4 NLRI", Wire.Update([.. Wire.Origin(), .. Wire.AsPath(65001)]), "withdraw" },
        { "§4 attribute length overruns the list", Wire.Update([.. Wire.Mandatory(), 0xC0, 8, 40, 0, 1]), "withdraw" },
        { "§4 attribute header truncated", Wire.Update([.. Wire.Mandatory(), 0xC0]), "withdraw" },
        { "§5.2 NLRI with no attributes", Wire.Update([]), "withdraw" },
        { "RFC 6793 §6 malformed AS4_PATH from a 2-octet peer", Wire.Update([.. Wire.Origin(), .. Wire.Attr(0x40, 2, 2, 1, 0xfd, 0xe9), .. Wire.NextHop(), .. Wire.Attr(0xC0, 17, 2, 5, 0, 0)]), "discard" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_attribute_is_handled_without_resetting_the_session(string name, byte[] message, string action)
    {
        var context = name.Contains("2-octet", StringComparison.Ordinal) ? Wire.Ebgp with { FourOctetAs = false } : Wire.Ebgp;
        var expected = action == "withdraw" ? UpdateErrorAction.TreatAsWithdraw : UpdateErrorAction.AttributeDiscard;
        var update = Wire.DecodeUpdate(message, context);
        Assert.True(expected == update.Action, name + ": " + update.Action + " " + string.Join("; ", update.Problems));
        Assert.NotEmpty(update.Problems);
        if (expected == UpdateErrorAction.TreatAsWithdraw)
        {
            Assert.Empty(update.Announced);
            Assert.NotEmpty(update.Withdrawn);
        }
        else
        {
            Assert.NotEmpty(update.Announced);
        }
    }

    [Fact]
    public void Repeated_attribute_keeps_the_first_copy()
    {
        var update = Wire.DecodeUpdate(Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 4, 0, 0, 0, 7), .. Wire.Attr(0x80, 4, 0, 0, 0, 9)]));
        Assert.Equal(UpdateErrorAction.None, update.Action);
        Assert.Equal(7u, update.IPv4Attributes!.Med);
        Assert.Contains(update.Problems, p => p.Contains("repeated", StringComparison.Ordinal));
    }

    [Fact]
    public void Discarded_attribute_leaves_the_rest_of_the_route()
    {
        var update = Wire.DecodeUpdate(Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x40, 6, 1), .. Wire.Attr(0xC0, 8, 0xfd, 0xe9, 0, 7)]));
        Assert.Equal(2, update.Announced.Count);
        Assert.False(update.IPv4Attributes!.AtomicAggregate);
        Assert.Equal([(65001u << 16) | 7], update.IPv4Attributes.Communities);
    }

    [Fact]
    public void Unknown_optional_transitive_attribute_is_kept_with_the_partial_bit()
    {
        var update = Wire.DecodeUpdate(Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0xC0, 200, 1, 2), .. Wire.Attr(0x80, 201, 3)]));
        var raw = Assert.Single(update.IPv4Attributes!.Unknown);
        Assert.Equal(200, raw.Type);
        Assert.Equal(0xE0, raw.Flags);
    }
}
