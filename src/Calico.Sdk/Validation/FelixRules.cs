using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of FelixConfiguration's modelled fields.</summary>
internal static class FelixRules
{
    private static readonly string[] LogLevels = ["Trace", "Debug", "Info", "Warning", "Error", "Fatal", "None"];

    public static void Validate(ValidationContext ctx, FelixConfiguration config)
    {
        var s = config.Spec;
        FieldRules.Selector(ctx, "spec.nodeSelector", s.NodeSelector);
        ctx.OneOf("spec.datastoreType", s.DatastoreType, "etcdv3", "kubernetes");
        ctx.OneOf("spec.logSeverityFile", s.LogSeverityFile, LogLevels);
        ctx.OneOf("spec.logSeverityScreen", s.LogSeverityScreen, LogLevels);
        ctx.OneOf("spec.logSeveritySys", s.LogSeveritySys, LogLevels);
        ctx.Range("spec.logActionRateLimitBurst", s.LogActionRateLimitBurst, 0, int.MaxValue);
        ctx.OneOf("spec.iptablesBackend", s.IptablesBackend, "Auto", "Legacy", "NFT");
        ctx.OneOf("spec.nftablesMode", s.NftablesMode, "Auto", "Enabled", "Disabled");
        ctx.OneOf("spec.bpfLogLevel", s.BpfLogLevel, "Off", "Info", "Debug");
        ctx.OneOf("spec.chainInsertMode", s.ChainInsertMode, "Insert", "Append");
        ctx.OneOf("spec.defaultEndpointToHostAction", s.DefaultEndpointToHostAction, "Drop", "Return", "Accept");
        ctx.OneOf("spec.iptablesFilterAllowAction", s.IptablesFilterAllowAction, "Accept", "Return");
        ctx.OneOf("spec.iptablesMangleAllowAction", s.IptablesMangleAllowAction, "Accept", "Return");
        ctx.OneOf("spec.iptablesFilterDenyAction", s.IptablesFilterDenyAction, "Drop", "Reject");
        ctx.OneOf("spec.nftablesFilterAllowAction", s.NftablesFilterAllowAction, "Accept", "Return");
        ctx.OneOf("spec.nftablesMangleAllowAction", s.NftablesMangleAllowAction, "Accept", "Return");
        ctx.OneOf("spec.nftablesFilterDenyAction", s.NftablesFilterDenyAction, "Drop", "Reject");
        if (s.IptablesMarkMask == 0)
        {
            ctx.Add("spec.iptablesMarkMask", 0, "mark mask must have at least one bit set");
        }

        if (s.InterfacePrefix is { } prefix && (prefix.Length == 0 || prefix.Split(',').Any(p => p.Length == 0)))
        {
            ctx.Add("spec.interfacePrefix", prefix, "must be a comma-separated list of non-empty interface prefixes");
        }

        ProtoPorts(ctx, "spec.failsafeInboundHostPorts", s.FailsafeInboundHostPorts);
        ProtoPorts(ctx, "spec.failsafeOutboundHostPorts", s.FailsafeOutboundHostPorts);
        ctx.Range("spec.ipipMTU", s.IpipMtu, 0, 65535);
        ctx.Range("spec.vxlanMTU", s.VxlanMtu, 0, 65535);
        ctx.Range("spec.vxlanMTUV6", s.VxlanMtuV6, 0, 65535);
        ctx.Range("spec.wireguardMTU", s.WireguardMtu, 0, 65535);
        ctx.Range("spec.wireguardMTUV6", s.WireguardMtuV6, 0, 65535);
        ctx.Range("spec.vxlanPort", s.VxlanPort, 1, 65535);
        ctx.Range("spec.vxlanVNI", s.VxlanVni, 1, (1 << 24) - 1);
        FieldRules.Address(ctx, "spec.natOutgoingAddress", s.NatOutgoingAddress, 4);
        if (s.NatPortRange is { } natPorts)
        {
            if (natPorts.IsNamed)
            {
                ctx.Add("spec.natPortRange", natPorts.Name, "must be a port or a \"min:max\" port range");
            }
            else
            {
                FieldRules.PortValue(ctx, "spec.natPortRange", natPorts);
            }
        }

        ctx.OneOf("spec.natOutgoingExclusions", s.NatOutgoingExclusions, "IPPoolsOnly", "IPPoolsAndHostIPs");
        FieldRules.Duration(ctx, "spec.routeRefreshInterval", s.RouteRefreshInterval);
        FieldRules.Duration(ctx, "spec.interfaceRefreshInterval", s.InterfaceRefreshInterval);
        FieldRules.Duration(ctx, "spec.ipsetsRefreshInterval", s.IpsetsRefreshInterval);
        FieldRules.Duration(ctx, "spec.iptablesRefreshInterval", s.IptablesRefreshInterval);
        FieldRules.Duration(ctx, "spec.nftablesRefreshInterval", s.NftablesRefreshInterval);
        FieldRules.Duration(ctx, "spec.reportingInterval", s.ReportingInterval);
        FieldRules.Duration(ctx, "spec.reportingTTL", s.ReportingTTL);
        ctx.OneOf("spec.routeSource", s.RouteSource, "CalicoIPAM", "WorkloadIPs");
        RouteTables(ctx, "spec.routeTableRange", s.RouteTableRange);
        for (var i = 0; s.RouteTableRanges is not null && i < s.RouteTableRanges.Count; i++)
        {
            RouteTables(ctx, Paths.Index("spec.routeTableRanges", i), s.RouteTableRanges[i]);
        }

        FieldRules.Address(ctx, "spec.deviceRouteSourceAddress", s.DeviceRouteSourceAddress, 4);
        FieldRules.Address(ctx, "spec.deviceRouteSourceAddressIPv6", s.DeviceRouteSourceAddressIPv6, 6);
        ctx.Range("spec.deviceRouteProtocol", s.DeviceRouteProtocol, 0, 255);
        ctx.OneOf("spec.programClusterRoutes", s.ProgramClusterRoutes, "Enabled", "EnabledIPIPOnly", "Disabled");
        ctx.Range("spec.healthPort", s.HealthPort, 0, 65535);
        ctx.Range("spec.prometheusMetricsPort", s.PrometheusMetricsPort, 0, 65535);
        for (var i = 0; s.HealthTimeoutOverrides is not null && i < s.HealthTimeoutOverrides.Count; i++)
        {
            var path = Paths.Index("spec.healthTimeoutOverrides", i);
            ctx.Required(path + ".name", s.HealthTimeoutOverrides[i].Name);
            if (ctx.Required(path + ".timeout", s.HealthTimeoutOverrides[i].Timeout))
            {
                FieldRules.Duration(ctx, path + ".timeout", s.HealthTimeoutOverrides[i].Timeout);
            }
        }

        ctx.OneOf("spec.serviceLoopPrevention", s.ServiceLoopPrevention, "Drop", "Reject", "Disabled");
        for (var i = 0; s.KubeNodePortRanges is not null && i < s.KubeNodePortRanges.Count; i++)
        {
            var path = Paths.Index("spec.kubeNodePortRanges", i);
            if (s.KubeNodePortRanges[i].IsNamed)
            {
                ctx.Add(path, s.KubeNodePortRanges[i].Name, "must be a port or a \"min:max\" port range");
            }
            else
            {
                FieldRules.PortValue(ctx, path, s.KubeNodePortRanges[i]);
            }
        }

        ctx.Range("spec.wireguardListeningPort", s.WireguardListeningPort, 1, 65535);
        ctx.Range("spec.wireguardListeningPortV6", s.WireguardListeningPortV6, 1, 65535);
        Interface(ctx, "spec.wireguardInterfaceName", s.WireguardInterfaceName);
        Interface(ctx, "spec.wireguardInterfaceNameV6", s.WireguardInterfaceNameV6);
        ctx.OneOf("spec.ipForwarding", s.IpForwarding, "Enabled", "Disabled");
        ctx.OneOf("spec.floatingIPs", s.FloatingIPs, "Enabled", "Disabled");
    }

    private static void ProtoPorts(ValidationContext ctx, string path, IList<ProtoPort>? ports)
    {
        for (var i = 0; ports is not null && i < ports.Count; i++)
        {
            var p = Paths.Index(path, i);
            ctx.OneOf(p + ".protocol", ports[i].Protocol, "tcp", "udp", "sctp", "TCP", "UDP", "SCTP");
            if (ports[i].Port is null)
            {
                ctx.Add(p + ".port", null, "required field is missing");
            }

            ctx.Range(p + ".port", ports[i].Port, 0, 65535);
            FieldRules.Cidr(ctx, p + ".net", ports[i].Net, allowBareAddress: true, requireMasked: false);
        }
    }

    private static void RouteTables(ValidationContext ctx, string path, RouteTableRange? range)
    {
        if (range is null)
        {
            return;
        }

        ctx.Range(path + ".min", range.Min, 1, int.MaxValue);
        ctx.Range(path + ".max", range.Max, 1, int.MaxValue);
        if (range.Min > range.Max)
        {
            ctx.Add(path + ".min", range.Min!.Value, "min must not be greater than max");
        }
    }

    private static void Interface(ValidationContext ctx, string path, string? name)
    {
        if (name is not null && !NameRules.IsInterfaceName(name))
        {
            ctx.Add(path, name, "interface name must be 1 to 15 characters without '/', ':' or whitespace");
        }
    }
}
