using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of Node, WorkloadEndpoint and HostEndpoint.</summary>
internal static class EndpointRules
{
    public static void Validate(ValidationContext ctx, Node node)
    {
        var spec = node.Spec;
        if (spec.Bgp is { } bgp)
        {
            NodeAddress(ctx, "spec.bgp.ipv4Address", bgp.IPv4Address, 4);
            NodeAddress(ctx, "spec.bgp.ipv6Address", bgp.IPv6Address, 6);
            FieldRules.Address(ctx, "spec.bgp.ipv4IPIPTunnelAddr", bgp.IPv4IpipTunnelAddr, 4);
            FieldRules.Address(ctx, "spec.bgp.routeReflectorClusterID", bgp.RouteReflectorClusterId, 4);
        }

        FieldRules.Address(ctx, "spec.ipv4VXLANTunnelAddr", spec.IPv4VxlanTunnelAddr, 4);
        FieldRules.Address(ctx, "spec.ipv6VXLANTunnelAddr", spec.IPv6VxlanTunnelAddr, 6);
        FieldRules.Mac(ctx, "spec.vxlanTunnelMACAddr", spec.VxlanTunnelMacAddr);
        FieldRules.Mac(ctx, "spec.vxlanTunnelMACAddrV6", spec.VxlanTunnelMacAddrV6);
        if (spec.Wireguard is { } wg)
        {
            FieldRules.Address(ctx, "spec.wireguard.interfaceIPv4Address", wg.IPv4InterfaceAddress, 4);
            FieldRules.Address(ctx, "spec.wireguard.interfaceIPv6Address", wg.IPv6InterfaceAddress, 6);
        }

        for (var i = 0; spec.OrchRefs is not null && i < spec.OrchRefs.Count; i++)
        {
            ctx.Required(Paths.Index("spec.orchRefs", i) + ".orchestrator", spec.OrchRefs[i].Orchestrator);
        }

        for (var i = 0; spec.Addresses is not null && i < spec.Addresses.Count; i++)
        {
            var path = Paths.Index("spec.addresses", i);
            var address = spec.Addresses[i];
            if (ctx.Required(path + ".address", address.Address))
            {
                FieldRules.Cidr(ctx, path + ".address", address.Address, allowBareAddress: true, requireMasked: false);
            }

            ctx.OneOf(path + ".type", address.Type, "CalicoNodeIP", "InternalIP", "ExternalIP");
        }

        for (var i = 0; spec.Interfaces is not null && i < spec.Interfaces.Count; i++)
        {
            var path = Paths.Index("spec.interfaces", i);
            ctx.Required(path + ".name", spec.Interfaces[i].Name);
            FieldRules.CidrList(ctx, path + ".addresses", spec.Interfaces[i].Addresses, allowBareAddress: true, requireMasked: false, oneFamily: false);
        }
    }

    public static void Validate(ValidationContext ctx, WorkloadEndpoint wep)
    {
        var spec = wep.Spec;
        if (spec.Node is { Length: > 0 } node && !NameRules.IsDns1123Subdomain(node))
        {
            ctx.Add("spec.node", node, "node name must be a DNS-1123 subdomain");
        }

        for (var i = 0; spec.IpNetworks is not null && i < spec.IpNetworks.Count; i++)
        {
            var path = Paths.Index("spec.ipNetworks", i);
            if (FieldRules.Cidr(ctx, path, spec.IpNetworks[i], allowBareAddress: true, requireMasked: false) is { } net && net.PrefixLength != net.Bits)
            {
                ctx.Add(path, spec.IpNetworks[i], "workload addresses must be /32 (IPv4) or /128 (IPv6)");
            }
        }

        for (var i = 0; spec.IPNats is not null && i < spec.IPNats.Count; i++)
        {
            var path = Paths.Index("spec.ipNATs", i);
            if (ctx.Required(path + ".internalIP", spec.IPNats[i].InternalIP))
            {
                FieldRules.Address(ctx, path + ".internalIP", spec.IPNats[i].InternalIP);
            }

            if (ctx.Required(path + ".externalIP", spec.IPNats[i].ExternalIP))
            {
                FieldRules.Address(ctx, path + ".externalIP", spec.IPNats[i].ExternalIP);
            }
        }

        FieldRules.Address(ctx, "spec.ipv4Gateway", spec.IPv4Gateway, 4);
        FieldRules.Address(ctx, "spec.ipv6Gateway", spec.IPv6Gateway, 6);
        Profiles(ctx, spec.Profiles);
        if (spec.InterfaceName is { Length: > 0 } iface && !NameRules.IsInterfaceName(iface))
        {
            ctx.Add("spec.interfaceName", iface, "interface name must be 1 to 15 characters without '/', ':' or whitespace");
        }

        FieldRules.Mac(ctx, "spec.mac", spec.Mac);
        for (var i = 0; spec.Ports is not null && i < spec.Ports.Count; i++)
        {
            var path = Paths.Index("spec.ports", i);
            var port = spec.Ports[i];
            NamedPort(ctx, path, port.Name, port.Protocol, port.Port);
            ctx.Range(path + ".hostPort", port.HostPort, 0, 65535);
            FieldRules.Address(ctx, path + ".hostIP", port.HostIP);
        }

        FieldRules.CidrList(ctx, "spec.allowSpoofedSourcePrefixes", spec.AllowSpoofedSourcePrefixes, allowBareAddress: true, requireMasked: false, oneFamily: false);
        if (spec.QoSControls is { } qos)
        {
            foreach (var (name, value) in QosValues(qos))
            {
                if (value < 0)
                {
                    ctx.Add("spec.qosControls." + name, value.Value, "must not be negative");
                }
            }
        }
    }

    public static void Validate(ValidationContext ctx, HostEndpoint hep)
    {
        var spec = hep.Spec;
        if (ctx.Required("spec.node", spec.Node) && !NameRules.IsDns1123Subdomain(spec.Node))
        {
            ctx.Add("spec.node", spec.Node, "node name must be a DNS-1123 subdomain");
        }

        if (string.IsNullOrEmpty(spec.InterfaceName) && spec.ExpectedIPs is not { Count: > 0 })
        {
            ctx.Add("spec", null, "a host endpoint needs an interfaceName or at least one expectedIPs entry");
        }

        if (spec.InterfaceName is { Length: > 0 } iface && iface != "*" && !NameRules.IsInterfaceName(iface))
        {
            ctx.Add("spec.interfaceName", iface, "interface name must be \"*\" or 1 to 15 characters without '/', ':' or whitespace");
        }

        for (var i = 0; spec.ExpectedIPs is not null && i < spec.ExpectedIPs.Count; i++)
        {
            FieldRules.Address(ctx, Paths.Index("spec.expectedIPs", i), spec.ExpectedIPs[i]);
        }

        Profiles(ctx, spec.Profiles);
        for (var i = 0; spec.Ports is not null && i < spec.Ports.Count; i++)
        {
            var port = spec.Ports[i];
            NamedPort(ctx, Paths.Index("spec.ports", i), port.Name, port.Protocol, port.Port);
        }
    }

    private static void NamedPort(ValidationContext ctx, string path, string? name, ProtocolValue? protocol, int? port)
    {
        if (ctx.Required(path + ".name", name) && !NameRules.IsPortName(name))
        {
            ctx.Add(path + ".name", name, "port name must be at most 15 lower-case alphanumerics or '-', with a letter");
        }

        if (protocol is null)
        {
            ctx.Add(path + ".protocol", null, "required field is missing");
        }
        else if (protocol.Value.ToNumber() is not (6 or 17 or 132))
        {
            ctx.Add(path + ".protocol", protocol.Value.ToString(), "named port protocol must be TCP, UDP or SCTP");
        }

        if (port is null)
        {
            ctx.Add(path + ".port", null, "required field is missing");
        }
        else
        {
            ctx.Range(path + ".port", port, 1, 65535);
        }
    }

    private static void Profiles(ValidationContext ctx, IList<string>? profiles)
    {
        for (var i = 0; profiles is not null && i < profiles.Count; i++)
        {
            if (string.IsNullOrEmpty(profiles[i]) || profiles[i].Length > NameRules.MaxSubdomainLength)
            {
                ctx.Add(Paths.Index("spec.profiles", i), profiles[i], "profile name must be 1 to 253 characters");
            }
        }
    }

    private static void NodeAddress(ValidationContext ctx, string path, string? text, int version)
    {
        if (text is null)
        {
            return;
        }

        if (FieldRules.Cidr(ctx, path, text, allowBareAddress: true, requireMasked: false) is { } net && net.Version != version)
        {
            ctx.Add(path, text, $"must be an IPv{version} address");
        }
    }

    private static IEnumerable<(string Name, long? Value)> QosValues(QoSControls q) =>
    [
        ("ingressBandwidth", q.IngressBandwidth), ("egressBandwidth", q.EgressBandwidth),
        ("ingressBurst", q.IngressBurst), ("egressBurst", q.EgressBurst),
        ("ingressPeakrate", q.IngressPeakrate), ("egressPeakrate", q.EgressPeakrate),
        ("ingressMinburst", q.IngressMinburst), ("egressMinburst", q.EgressMinburst),
        ("ingressPacketRate", q.IngressPacketRate), ("egressPacketRate", q.EgressPacketRate),
        ("ingressPacketBurst", q.IngressPacketBurst), ("egressPacketBurst", q.EgressPacketBurst),
        ("ingressMaxConnections", q.IngressMaxConnections), ("egressMaxConnections", q.EgressMaxConnections),
    ];
}
