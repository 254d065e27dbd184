using System.Collections;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Xunit;

namespace Calico.Node.Tests;

/// <summary>The workload MTU the agent writes for the CNI plugin when pools use VXLAN over IPv6 (70 bytes of overhead).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VxlanV6MtuTests
{
    private static IPPool Pool(string cidr, string vxlan = "Never", string ipip = "Never", bool disabled = false) =>
        new() { Metadata = { Name = "p-" + cidr.Replace('/', '-').Replace(':', '-') }, Spec = { Cidr = cidr, VxlanMode = vxlan, IpipMode = ipip, Disabled = disabled } };

    [Theory]
    [InlineData("Always", 1430)]
    [InlineData("CrossSubnet", 1430)]
    [InlineData("Never", 1500)]
    public void Ipv6_vxlan_pool_costs_70_bytes(string mode, int expected) =>
        Assert.Equal(expected, NodeStartup.WorkloadMtu(1500, [Pool("fd00:1::/48", vxlan: mode)], 0, 0));

    [Fact]
    public void Minimum_over_the_active_encapsulations()
    {
        var v4Vxlan = Pool("10.1.0.0/16", vxlan: "Always");
        var v6Vxlan = Pool("fd00:1::/48", vxlan: "Always");
        var ipip = Pool("10.2.0.0/16", ipip: "Always");
        Assert.Equal(1450, NodeStartup.WorkloadMtu(1500, [v4Vxlan], 0, 0));
        Assert.Equal(1480, NodeStartup.WorkloadMtu(1500, [ipip], 0, 0));
        Assert.Equal(1430, NodeStartup.WorkloadMtu(1500, [v4Vxlan, v6Vxlan], 0, 0));
        Assert.Equal(1430, NodeStartup.WorkloadMtu(1500, [ipip, v6Vxlan], 0, 0));
        Assert.Equal(8930, NodeStartup.WorkloadMtu(9000, [ipip, v4Vxlan, v6Vxlan], 0, 0));

        // Felix's vxlanMTU / vxlanMTUV6 replace the computed tunnel MTU of their family.
        Assert.Equal(1400, NodeStartup.WorkloadMtu(1500, [v4Vxlan, v6Vxlan], 0, 1400));
        Assert.Equal(1440, NodeStartup.WorkloadMtu(1500, [v4Vxlan, v6Vxlan], 1440, 1460));

        // A disabled pool does not count; no pool leaves the host MTU.
        Assert.Equal(1450, NodeStartup.WorkloadMtu(1500, [v4Vxlan, Pool("fd00:2::/48", vxlan: "Always", disabled: true)], 0, 0));
        Assert.Equal(1500, NodeStartup.WorkloadMtu(1500, [], 0, 0));

        // An explicit tunnel MTU is taken as given (jumbo underlay), and a pool without encapsulation adds no limit.
        Assert.Equal(8950, NodeStartup.WorkloadMtu(1500, [v4Vxlan, Pool("10.3.0.0/16")], 8950, 0));
        Assert.Equal(1500, NodeStartup.WorkloadMtu(1500, [Pool("10.3.0.0/16"), Pool("fd00:3::/48")], 0, 0));
    }

    [Fact]
    public void Felix_vxlanMTUV6_is_read_from_the_settings_and_checked()
    {
        // lo's MTU (65536) as the host MTU, in the test's own namespace: reading links needs no privilege.
        using var netlink = NetlinkRoute.Open();
        var lo = netlink.GetLink("lo")!.Mtu;
        var pools = new[] { Pool("fd00:1::/48", vxlan: "Always") };
        Assert.Equal(lo - 70, NodeStartup.WorkloadMtu(netlink, Settings(null), pools));
        Assert.Equal(1400, NodeStartup.WorkloadMtu(netlink, Settings("1400"), pools));

        var error = Assert.Throws<NodeConfigurationException>(() => NodeStartup.WorkloadMtu(netlink, Settings("big"), pools));
        Assert.Contains("VxlanMtuV6='big'", error.Message, StringComparison.Ordinal);
        Assert.Contains("non-negative integer", error.Message, StringComparison.Ordinal);
    }

    private static FelixSettings Settings(string? vxlanMtuV6)
    {
        var env = new Hashtable { ["FELIX_MTUIFACEPATTERN"] = "^lo$" };
        if (vxlanMtuV6 is not null)
        {
            env["FELIX_VXLANMTUV6"] = vxlanMtuV6;
        }

        return FelixSettings.Build(env, null, null, null);
    }
}
