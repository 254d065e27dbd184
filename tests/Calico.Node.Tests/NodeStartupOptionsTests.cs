using Xunit;
using System.Collections;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Hosting.Configuration;

namespace Calico.Node.Tests;

public sealed class NodeStartupOptionsTests
{
    [Fact]
    public void Defaults_follow_calico_node()
    {
        var o = NodeStartupOptions.FromEnvironment(new Hashtable());
        Assert.Equal("autodetect", o.IPv4);
        Assert.Equal("bird", o.NetworkingBackend);
        var pool = Assert.Single(o.DefaultPools);
        Assert.Equal("default-ipv4-ippool", pool.Metadata.Name);
        Assert.Equal("192.168.0.0/16", pool.Spec.Cidr);
        Assert.Equal(26, pool.Spec.BlockSize);
        Assert.Equal("Never", pool.Spec.VxlanMode);
        Assert.Equal("Never", pool.Spec.IpipMode);
        Assert.True(pool.Spec.NatOutgoing);
        Assert.Equal("/var/lib/calico", o.VarLibDirectory);
        Assert.Equal(TimeSpan.FromMinutes(15), o.IpamGcGracePeriod);
    }

    [Fact]
    public void Pool_variables_map_to_the_default_pools()
    {
        var o = NodeStartupOptions.FromEnvironment(new Hashtable
        {
            ["CALICO_IPV4POOL_CIDR"] = "10.244.0.0/16",
            ["CALICO_IPV4POOL_VXLAN"] = "CrossSubnet",
            ["CALICO_IPV4POOL_BLOCK_SIZE"] = "24",
            ["CALICO_IPV4POOL_NAT_OUTGOING"] = "false",
            ["CALICO_IPV6POOL_CIDR"] = "fd00:10::/48",
            ["CALICO_NETWORKING_BACKEND"] = "VXLAN",
            ["CALICO_PLUGIN_PATH"] = "/a:/b",
            ["CALICO_PLUGINS"] = "x, y",
            ["CALICO_IPAM_GC_INTERVAL"] = "30s",
        });
        Assert.Equal(2, o.DefaultPools.Count);
        Assert.Equal("10.244.0.0/16", o.DefaultPools[0].Spec.Cidr);
        Assert.Equal("CrossSubnet", o.DefaultPools[0].Spec.VxlanMode);
        Assert.Equal(24, o.DefaultPools[0].Spec.BlockSize);
        Assert.False(o.DefaultPools[0].Spec.NatOutgoing);
        Assert.Equal("default-ipv6-ippool", o.DefaultPools[1].Metadata.Name);
        Assert.Equal(122, o.DefaultPools[1].Spec.BlockSize);
        Assert.Equal("vxlan", o.NetworkingBackend);
        Assert.Equal(["/a", "/b"], o.PluginPaths);
        Assert.Equal(["x", "y"], o.EnabledPlugins);
        Assert.Equal(TimeSpan.FromSeconds(30), o.IpamGcInterval);
        Assert.Empty(NodeStartupOptions.FromEnvironment(new Hashtable { ["NO_DEFAULT_POOLS"] = "true" }).DefaultPools);
    }

    [Theory]
    [InlineData("CALICO_IPV4POOL_CIDR", "10.0.0.1/8", "CALICO_IPV4POOL_CIDR='10.0.0.1/8' is invalid")]
    [InlineData("CALICO_IPV4POOL_CIDR", "fd00::/48", "CALICO_IPV4POOL_CIDR='fd00::/48' is invalid: expected a IPv4 CIDR")]
    [InlineData("CALICO_IPV4POOL_VXLAN", "sometimes", "CALICO_IPV4POOL_VXLAN='sometimes' is invalid: expected Always, CrossSubnet or Never")]
    [InlineData("CALICO_NETWORKING_BACKEND", "gobgp", "CALICO_NETWORKING_BACKEND='gobgp' is invalid: expected bird, vxlan or none")]
    [InlineData("IP", "10.0.0.300", "IP='10.0.0.300' is invalid")]
    [InlineData("IP_AUTODETECTION_METHOD", "can-reach=1.1.1.1", "IP_AUTODETECTION_METHOD='can-reach=1.1.1.1' is invalid")]
    [InlineData("CALICO_IPAM_GC_GRACE_PERIOD", "later", "CALICO_IPAM_GC_GRACE_PERIOD='later' is invalid")]
    public void Invalid_variables_are_named(string variable, string value, string message)
    {
        var ex = Assert.Throws<NodeConfigurationException>(() => NodeStartupOptions.FromEnvironment(new Hashtable { [variable] = value }));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_encapsulations_on_one_pool_are_refused()
    {
        var ex = Assert.Throws<NodeConfigurationException>(() => NodeStartupOptions.FromEnvironment(new Hashtable { ["CALICO_IPV4POOL_VXLAN"] = "Always", ["CALICO_IPV4POOL_IPIP"] = "Always" }));
        Assert.Contains("at most one encapsulation", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bird", "Never", "Never", "bgp")]
    [InlineData("bird", "Always", "Never", "bgp,vxlan")]
    [InlineData("vxlan", "Always", "Never", "vxlan")]
    [InlineData("none", "Never", "Never", "noencap")]
    [InlineData("none", "Never", "CrossSubnet", "ipip")]
    public void Routers_follow_backend_and_pool_encapsulation(string backend, string vxlan, string ipip, string routers)
    {
        var pool = new Calico.Sdk.Resources.IPPool();
        pool.Spec.Cidr = "10.0.0.0/16";
        pool.Spec.VxlanMode = vxlan;
        pool.Spec.IpipMode = ipip;
        Assert.Equal(routers, string.Join(",", RouterSelection.Wanted(backend, [pool])));
    }

    [Theory]
    [InlineData("64513", 64513u)]
    [InlineData("1.10", 65546u)]
    [InlineData("4294967295", 4294967295u)]
    public void AS_sets_the_node_AS_number(string text, uint expected)
    {
        var o = NodeStartupOptions.FromEnvironment(new Hashtable { ["AS"] = text });
        Assert.Equal(expected, o.AsNumber?.Value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("as65000")]
    public void AS_rejects_what_is_not_an_AS_number(string text)
    {
        var error = Assert.Throws<NodeConfigurationException>(() => NodeStartupOptions.FromEnvironment(new Hashtable { ["AS"] = text }));
        Assert.Equal($"AS='{text}' is invalid: expected an AS number from 1 to 4294967295, plain (64512) or dotted (1.10)", error.Message);
    }

    [Fact]
    public void AS_unset_leaves_the_node_value_alone() => Assert.Null(NodeStartupOptions.FromEnvironment(new Hashtable()).AsNumber);

    [Fact]
    public async Task Registration_writes_AS_and_keeps_an_operator_set_AS_when_unset()
    {
        var store = new Calico.Sdk.Testing.Datastore.InMemoryDatastore();
        var v4 = (System.Net.IPAddress.Parse("10.0.0.1"), 24);
        var node = await NodeStartup.RegisterNodeAsync(store, "n1", v4, null, null, null, CancellationToken.None, asNumber: new Calico.Sdk.Resources.AsNumber(64999));
        Assert.Equal(64999u, node.Spec.Bgp?.AsNumber?.Value);
        node = await NodeStartup.RegisterNodeAsync(store, "n1", v4, null, null, null, CancellationToken.None);
        Assert.Equal(64999u, node.Spec.Bgp?.AsNumber?.Value);
        Assert.Equal("10.0.0.1/24", node.Spec.Bgp?.IPv4Address);
    }
}
