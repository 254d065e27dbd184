using System.Net.NetworkInformation;
using System.Net.Sockets;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;

namespace Calico.Routing.Tests.Unit;

public sealed class MtuAndMacTests
{
    [Theory]
    [InlineData(Encapsulation.VxlanAlways, AddressFamily.InterNetwork, 1450)]
    [InlineData(Encapsulation.VxlanCrossSubnet, AddressFamily.InterNetwork, 1450)]
    [InlineData(Encapsulation.VxlanAlways, AddressFamily.InterNetworkV6, 1430)]
    [InlineData(Encapsulation.IpipAlways, AddressFamily.InterNetwork, 1480)]
    [InlineData(Encapsulation.IpipCrossSubnet, AddressFamily.InterNetwork, 1480)]
    [InlineData(Encapsulation.None, AddressFamily.InterNetwork, 1500)]
    public void Tunnel_mtu_is_the_underlay_mtu_minus_the_overhead(Encapsulation encapsulation, AddressFamily family, int expected) =>
        Assert.Equal(expected, TunnelMtu.FromUnderlay(1500, encapsulation, family));

    [Fact]
    public void Jumbo_underlays_keep_their_headroom_and_tiny_ones_are_refused()
    {
        Assert.Equal(8950, TunnelMtu.FromUnderlay(9000, Encapsulation.VxlanAlways));
        var tiny = Assert.Throws<ArgumentOutOfRangeException>(() => TunnelMtu.FromUnderlay(100, Encapsulation.VxlanAlways));
        Assert.Contains("leaves 50, below the minimum of 68", tiny.Message, StringComparison.Ordinal);
        var v6 = Assert.Throws<ArgumentException>(() => TunnelMtu.Overhead(Encapsulation.IpipAlways, AddressFamily.InterNetworkV6));
        Assert.Contains("IPv4 only", v6.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vtep_mac_is_66_then_the_first_five_bytes_of_sha1_of_the_node_name()
    {
        // sha1("node-1") = b36828398e...; sha1("node-1-v6") = 24ac63df6c...
        Assert.Equal(PhysicalAddress.Parse("66-B3-68-28-39-8E"), VtepMac.Derive("node-1"));
        Assert.Equal(PhysicalAddress.Parse("66-24-AC-63-DF-6C"), VtepMac.DeriveV6("node-1"));
        Assert.Equal(VtepMac.Derive("node-1"), VtepMac.Derive("node-1"));
        Assert.NotEqual(VtepMac.Derive("node-1"), VtepMac.Derive("node-2"));
    }

    [Theory]
    [InlineData("66:b3:68:28:39:8e")]
    [InlineData("66-B3-68-28-39-8E")]
    [InlineData("66b36828398e")]
    public void Vtep_mac_parses_calicos_spellings(string text) => Assert.Equal(VtepMac.Derive("node-1"), VtepMac.Parse(text));

    [Theory]
    [InlineData("66:b3:68:28:39", "not six hex bytes")]
    [InlineData("zz:b3:68:28:39:8e", "not six hex bytes")]
    [InlineData("01:00:5e:00:00:01", "multicast")]
    public void Bad_vtep_macs_are_refused_with_the_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => VtepMac.Parse(text)).Message, StringComparison.Ordinal);
}
