using System.Collections;
using System.Globalization;
using Calico.Routing.Direct;
using Calico.Routing.Ipip;
using Calico.Routing.Vxlan;
using Calico.Sdk.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Node;

/// <summary>
/// Registers every routing plugin calico-node ships; the agent starts only those its configuration selects
/// (<c>CALICO_NETWORKING_BACKEND</c> and the pools' encapsulation). Device parameters come from the local
/// <c>FELIX_VXLANVNI</c>, <c>FELIX_VXLANPORT</c>, <c>FELIX_VXLANMTU</c>, <c>FELIX_IPIPMTU</c> settings.
/// </summary>
internal static class RouterRegistration
{
    public static void AddRouters(ICalicoBuilder calico, IDictionary env)
    {
        calico.AddDirectRouting();
        calico.AddVxlanRouting(o =>
        {
            o.Vni = Int(env, "FELIX_VXLANVNI") ?? o.Vni;
            o.Port = Int(env, "FELIX_VXLANPORT") ?? o.Port;
            o.Mtu = Int(env, "FELIX_VXLANMTU") ?? o.Mtu;
        });
        calico.AddIpipRouting(o => o.Mtu = Int(env, "FELIX_IPIPMTU") ?? o.Mtu);
    }

    private static int? Int(IDictionary env, string name) =>
        env[name] is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
