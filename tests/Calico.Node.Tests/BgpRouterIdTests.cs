using System.Collections;
using System.Net;
using Xunit;

namespace Calico.Node.Tests;

/// <summary><c>CALICO_ROUTER_ID</c> for the BGP router calico-node registers.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BgpRouterIdTests
{
    [Fact]
    public void Unset_keeps_the_node_address_and_an_address_is_taken_as_is()
    {
        Assert.Null(RouterRegistration.RouterId(new Hashtable()));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), RouterRegistration.RouterId(new Hashtable { ["CALICO_ROUTER_ID"] = "192.0.2.7" }));
    }

    [Fact]
    public void Hash_is_the_crc32_of_the_node_name_big_endian()
    {
        // The CRC-32 (IEEE) check value: crc32("123456789") = 0xCBF43926.
        Assert.Equal(0xCBF43926u, RouterRegistration.Crc32("123456789"u8));
        Assert.Equal(IPAddress.Parse("203.244.57.38"), RouterRegistration.RouterId(new Hashtable { ["CALICO_ROUTER_ID"] = "hash", ["NODENAME"] = "123456789" }));
        Assert.Equal(
            RouterRegistration.RouterId(new Hashtable { ["CALICO_ROUTER_ID"] = "hash", ["NODENAME"] = "node-a" }),
            RouterRegistration.RouterId(new Hashtable { ["CALICO_ROUTER_ID"] = "hash", ["NODENAME"] = "node-a" }));
    }

    [Fact]
    public void Anything_else_is_refused_with_the_value_and_why()
    {
        var error = Assert.Throws<FormatException>(() => RouterRegistration.RouterId(new Hashtable { ["CALICO_ROUTER_ID"] = "fd00::1" }));
        Assert.Equal("CALICO_ROUTER_ID 'fd00::1' is not an IPv4 address or 'hash' (the BGP router id is a 32-bit IPv4-style identifier)", error.Message);
    }
}
