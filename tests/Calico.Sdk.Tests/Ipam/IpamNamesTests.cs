using Calico.Sdk.Ipam;
using Xunit;

namespace Calico.Sdk.Tests.Ipam;

public sealed class IpamNamesTests
{
    [Theory]
    [InlineData("10.0.0.0/26", "10-0-0-0-26")]
    [InlineData("fd00::/122", "fd00---122")]
    public void Block_names_replace_separators(string cidr, string name) => Assert.Equal(name, IpamNames.Block(IpCidr.Parse(cidr)));

    [Fact]
    public void Affinity_names_join_host_and_block_and_are_truncated_with_a_hash()
    {
        var cidr = IpCidr.Parse("10.0.0.0/26");
        Assert.Equal("node-1-10-0-0-0-26", IpamNames.Affinity("node-1", cidr));
        var longHost = new string('a', 250);
        var name = IpamNames.Affinity(longHost, cidr);
        Assert.True(name.Length <= 253, $"{name.Length} characters");
        Assert.EndsWith("-10-0-0-0-26", name, StringComparison.Ordinal);
        Assert.NotEqual(name, IpamNames.Affinity(new string('a', 249) + "b", cidr));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("..", "is '.' or '..'")]
    [InlineData("a\u0001b", "control character")]
    [InlineData("a b", "white space")]
    public void Bad_handle_ids_are_rejected_with_the_reason(string handle, string reason) =>
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => IpamNames.ValidateHandle(handle, "handleId")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("Node-1")]
    [InlineData("node_1")]
    [InlineData("")]
    public void Bad_node_names_are_rejected(string node) =>
        Assert.Throws<ArgumentException>(() => IpamNames.ValidateNode(node, "node"));

    [Fact]
    public void Tunnel_handles_follow_calico_naming() =>
        Assert.Equal(
            ["vxlan-tunnel-addr-n1", "vxlan-v6-tunnel-addr-n1", "ipip-tunnel-addr-n1", "wireguard-tunnel-addr-n1", "wireguard-v6-tunnel-addr-n1"],
            IpamHandleIds.TunnelHandles("n1"));
}
