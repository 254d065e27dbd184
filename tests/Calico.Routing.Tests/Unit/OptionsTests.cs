using Calico.Routing.Direct;
using Calico.Routing.Ipip;
using Calico.Routing.Vxlan;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Calico.Routing.Tests.Unit;

public sealed class OptionsTests
{
    [Fact]
    public void Bad_vxlan_settings_fail_start_up_naming_each_setting_and_value()
    {
        using var provider = new ServiceCollection().AddVxlanRouting(o => { o.Vni = 1 << 24; o.Port = 0; o.RouteProtocol = 3; o.DeviceName = "a-much-too-long-name"; }).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VxlanRoutingOptions>>().Value);
        Assert.Contains("Vni 16777216 must be 1..16777215", error.Message, StringComparison.Ordinal);
        Assert.Contains("Port 0 must be 1..65535", error.Message, StringComparison.Ordinal);
        Assert.Contains("RouteProtocol 3 is reserved", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeviceName 'a-much-too-long-name'", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => new VxlanRouter(new VxlanRoutingOptions { Mtu = 20 }, null));
    }

    [Fact]
    public void Bad_ipv6_vxlan_settings_fail_start_up_naming_the_setting()
    {
        using var provider = new ServiceCollection().AddVxlanRouting(o => { o.MtuV6 = 1279; o.DeviceNameV6 = "vxlan.calico"; }).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VxlanRoutingOptions>>().Value);
        Assert.Contains("MtuV6 1279 must be 0 (from the underlay) or 1280..65535", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeviceNameV6 'vxlan.calico' must differ from DeviceName", error.Message, StringComparison.Ordinal);
        Assert.Equal("vxlan-v6.calico", new VxlanRoutingOptions().DeviceNameV6);
    }

    [Fact]
    public void Bad_ipip_and_noencap_settings_fail_start_up()
    {
        using var provider = new ServiceCollection().AddIpipRouting(o => o.Mtu = 10).AddDirectRouting(o => o.RouteProtocol = 0).BuildServiceProvider();
        Assert.Contains("Mtu 10 must be 0", Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IpipRoutingOptions>>().Value).Message, StringComparison.Ordinal);
        Assert.Contains("RouteProtocol 0 is reserved", Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DirectRoutingOptions>>().Value).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_router_registers_once_with_its_own_name_and_protocol()
    {
        var services = new ServiceCollection();
        services.AddCalico().AddVxlanRouting().AddDirectRouting().AddIpipRouting().AddVxlanRouting();
        await using var provider = services.BuildServiceProvider();
        var routers = provider.GetServices<IRouter>().ToList();
        Assert.Equal(["vxlan", "noencap", "ipip"], routers.Select(r => r.Name));
        Assert.Equal([(byte)81, (byte)82, (byte)83], routers.Select(r => r.RouteProtocol));
    }
}
