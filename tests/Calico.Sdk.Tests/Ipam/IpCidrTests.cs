using System.Net;
using Calico.Sdk.Ipam;
using Xunit;

namespace Calico.Sdk.Tests.Ipam;

public sealed class IpCidrTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", 8, false, "16777216")]
    [InlineData("0.0.0.0/0", "0.0.0.0", 0, false, "4294967296")]
    [InlineData("255.255.255.255/32", "255.255.255.255", 32, false, "1")]
    [InlineData("10.1.2.3", "10.1.2.3", 32, false, "1")]
    [InlineData("fd00::/122", "fd00::", 122, true, "64")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128, true, "1")]
    [InlineData("::/1", "::", 1, true, "170141183460469231731687303715884105728")]
    public void Parses_prefixes_of_both_families(string text, string network, int prefix, bool v6, string size)
    {
        var cidr = IpCidr.Parse(text);
        Assert.Equal(IPAddress.Parse(network), cidr.NetworkAddress);
        Assert.Equal(prefix, cidr.PrefixLength);
        Assert.Equal(v6, cidr.IsV6);
        Assert.Equal(UInt128.Parse(size, System.Globalization.CultureInfo.InvariantCulture), cidr.Size);
    }

    [Fact]
    public void The_whole_v6_space_reports_saturated_size() =>
        Assert.Equal(UInt128.MaxValue, IpCidr.Parse("::/0").Size);

    [Theory]
    [InlineData("10.0.0.1/24", "host bits are set (did you mean 10.0.0.0/24?)")]
    [InlineData("10.0.0.0/33", "prefix length must be 0..32")]
    [InlineData("fd00::/129", "prefix length must be 0..128")]
    [InlineData("10.0.0/24", "is not an IP address")]
    [InlineData("", "CIDR is empty")]
    [InlineData("10.0.0.0/-1", "prefix length")]
    [InlineData("fe80::1%eth0/64", "is not an IP address")]
    public void Rejects_bad_cidrs_with_the_reason(string text, string reason)
    {
        Assert.False(IpCidr.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => IpCidr.Parse(text));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_integer_round_trip_holds_for_random_addresses()
    {
        var random = new Random(4242);
        var bytes = new byte[16];
        for (var i = 0; i < 5_000; i++)
        {
            var v6 = (i & 1) == 1;
            var span = bytes.AsSpan(0, v6 ? 16 : 4);
            random.NextBytes(span);
            var address = new IPAddress(span);
            var value = IpCidr.ToUInt128(address);
            Assert.Equal(address, IpCidr.ToAddress(value, v6));
            if (!v6)
            {
                Assert.True(value <= uint.MaxValue);
            }
        }
    }

    [Fact]
    public void Containment_and_overlap_agree_with_interval_arithmetic()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var v6 = (i & 1) == 1;
            var bits = v6 ? 128 : 32;
            var a = RandomCidr(random, v6, bits);
            var b = RandomCidr(random, v6, bits);
            var overlap = a.Network <= b.Last && b.Network <= a.Last;
            Assert.Equal(overlap, a.Overlaps(b));
            Assert.Equal(overlap, b.Overlaps(a));
            Assert.Equal(b.Network >= a.Network && b.Last <= a.Last, a.Contains(b));

            // Prefixes never partially overlap: either disjoint or one contains the other.
            Assert.True(!overlap || a.Contains(b) || b.Contains(a));
            Assert.True(a.Contains(a.Network) && a.Contains(a.Last));
            Assert.False(a.Overlaps(IpCidr.Parse(v6 ? "10.0.0.0/8" : "fd00::/8")));
        }
    }

    internal static IpCidr RandomCidr(Random random, bool v6, int bits)
    {
        var prefix = random.Next(0, bits + 1);
        var hi = (ulong)random.NextInt64();
        var lo = (ulong)random.NextInt64();
        var value = v6 ? new UInt128(hi, lo) : (UInt128)(uint)lo;
        var hostBits = bits - prefix;
        var mask = hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        return IpCidr.Create(value & ~mask, prefix, v6);
    }
}
