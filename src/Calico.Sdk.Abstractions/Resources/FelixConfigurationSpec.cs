using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="FelixConfiguration"/>: the most used of Felix's settings. Durations are strings such as <c>90s</c>.</summary>
public sealed class FelixConfigurationSpec
{
    /// <summary>For selector-scoped configuration: the nodes this object applies to.</summary>
    [JsonPropertyName("nodeSelector")]
    public string? NodeSelector { get; set; }

    /// <summary>The datastore Felix connects to (<c>etcdv3</c> or <c>kubernetes</c>); a local setting in Calico, accepted here for the SDK's node agent.</summary>
    [JsonPropertyName("datastoreType")]
    public string? DatastoreType { get; set; }

    /// <summary>The Typha address (local setting).</summary>
    [JsonPropertyName("typhaAddr")]
    public string? TyphaAddr { get; set; }

    /// <summary>The Typha Kubernetes service name (local setting).</summary>
    [JsonPropertyName("typhaK8sServiceName")]
    public string? TyphaK8sServiceName { get; set; }

    /// <summary>Whether Felix uses its built-in dataplane driver.</summary>
    [JsonPropertyName("useInternalDataplaneDriver")]
    public bool? UseInternalDataplaneDriver { get; set; }

    /// <summary>An external dataplane driver program.</summary>
    [JsonPropertyName("dataplaneDriver")]
    public string? DataplaneDriver { get; set; }

    /// <summary>Whether IPv6 is programmed (default <see langword="true"/>).</summary>
    [JsonPropertyName("ipv6Support")]
    public bool? Ipv6Support { get; set; }

    /// <summary>The log file; empty disables file logging.</summary>
    [JsonPropertyName("logFilePath")]
    public string? LogFilePath { get; set; }

    /// <summary>The file log level (default Info).</summary>
    [JsonPropertyName("logSeverityFile")]
    public string? LogSeverityFile { get; set; }

    /// <summary>The screen log level (default Info).</summary>
    [JsonPropertyName("logSeverityScreen")]
    public string? LogSeverityScreen { get; set; }

    /// <summary>The syslog log level (default Info).</summary>
    [JsonPropertyName("logSeveritySys")]
    public string? LogSeveritySys { get; set; }

    /// <summary>The prefix of the Log action (default <c>calico-packet</c>).</summary>
    [JsonPropertyName("logPrefix")]
    public string? LogPrefix { get; set; }

    /// <summary>A rate limit of the Log action, e.g. <c>10/second</c>.</summary>
    [JsonPropertyName("logActionRateLimit")]
    public string? LogActionRateLimit { get; set; }

    /// <summary>The burst of the Log action rate limit (default 5).</summary>
    [JsonPropertyName("logActionRateLimitBurst")]
    public int? LogActionRateLimitBurst { get; set; }

    /// <summary><c>Auto</c>, <c>Legacy</c> or <c>NFT</c>.</summary>
    [JsonPropertyName("iptablesBackend")]
    public string? IptablesBackend { get; set; }

    /// <summary><c>Auto</c>, <c>Enabled</c> or <c>Disabled</c>.</summary>
    [JsonPropertyName("nftablesMode")]
    public string? NftablesMode { get; set; }

    /// <summary>Whether the eBPF dataplane is used.</summary>
    [JsonPropertyName("bpfEnabled")]
    public bool? BpfEnabled { get; set; }

    /// <summary>The eBPF log level: <c>Off</c>, <c>Info</c> or <c>Debug</c>.</summary>
    [JsonPropertyName("bpfLogLevel")]
    public string? BpfLogLevel { get; set; }

    /// <summary>Whether XDP accelerates untracked deny rules.</summary>
    [JsonPropertyName("xdpEnabled")]
    public bool? XdpEnabled { get; set; }

    /// <summary>Whether generic (skb) XDP mode is allowed.</summary>
    [JsonPropertyName("genericXDPEnabled")]
    public bool? GenericXDPEnabled { get; set; }

    /// <summary><c>Insert</c> (default) or <c>Append</c>.</summary>
    [JsonPropertyName("chainInsertMode")]
    public string? ChainInsertMode { get; set; }

    /// <summary><c>Drop</c> (default), <c>Return</c> or <c>Accept</c>.</summary>
    [JsonPropertyName("defaultEndpointToHostAction")]
    public string? DefaultEndpointToHostAction { get; set; }

    /// <summary><c>Accept</c> (default) or <c>Return</c>.</summary>
    [JsonPropertyName("iptablesFilterAllowAction")]
    public string? IptablesFilterAllowAction { get; set; }

    /// <summary><c>Accept</c> (default) or <c>Return</c>.</summary>
    [JsonPropertyName("iptablesMangleAllowAction")]
    public string? IptablesMangleAllowAction { get; set; }

    /// <summary><c>Drop</c> (default) or <c>Reject</c>.</summary>
    [JsonPropertyName("iptablesFilterDenyAction")]
    public string? IptablesFilterDenyAction { get; set; }

    /// <summary><c>Accept</c> (default) or <c>Return</c>.</summary>
    [JsonPropertyName("nftablesFilterAllowAction")]
    public string? NftablesFilterAllowAction { get; set; }

    /// <summary><c>Accept</c> (default) or <c>Return</c>.</summary>
    [JsonPropertyName("nftablesMangleAllowAction")]
    public string? NftablesMangleAllowAction { get; set; }

    /// <summary><c>Drop</c> (default) or <c>Reject</c>.</summary>
    [JsonPropertyName("nftablesFilterDenyAction")]
    public string? NftablesFilterDenyAction { get; set; }

    /// <summary>The mark bits Felix may use (default 0xffff0000).</summary>
    [JsonPropertyName("iptablesMarkMask")]
    public uint? IptablesMarkMask { get; set; }

    /// <summary>The mark bits Felix may use in nftables mode.</summary>
    [JsonPropertyName("nftablesMarkMask")]
    public uint? NftablesMarkMask { get; set; }

    /// <summary>Comma-separated workload interface prefixes (default <c>cali</c>).</summary>
    [JsonPropertyName("interfacePrefix")]
    public string? InterfacePrefix { get; set; }

    /// <summary>Comma-separated interfaces (or /regex/) to ignore (default <c>kube-ipvs0</c>).</summary>
    [JsonPropertyName("interfaceExclude")]
    public string? InterfaceExclude { get; set; }

    /// <summary>Host ports always allowed inbound.</summary>
    [JsonPropertyName("failsafeInboundHostPorts")]
    public IList<ProtoPort>? FailsafeInboundHostPorts { get; set; }

    /// <summary>Host ports always allowed outbound.</summary>
    [JsonPropertyName("failsafeOutboundHostPorts")]
    public IList<ProtoPort>? FailsafeOutboundHostPorts { get; set; }

    /// <summary>Force the IP-in-IP device on or off; derived from pools when unset.</summary>
    [JsonPropertyName("ipipEnabled")]
    public bool? IpipEnabled { get; set; }

    /// <summary>The IP-in-IP MTU; 0 means auto.</summary>
    [JsonPropertyName("ipipMTU")]
    public int? IpipMtu { get; set; }

    /// <summary>Force the VXLAN device on or off; derived from pools when unset.</summary>
    [JsonPropertyName("vxlanEnabled")]
    public bool? VxlanEnabled { get; set; }

    /// <summary>The IPv4 VXLAN MTU; 0 means auto.</summary>
    [JsonPropertyName("vxlanMTU")]
    public int? VxlanMtu { get; set; }

    /// <summary>The IPv6 VXLAN MTU; 0 means auto.</summary>
    [JsonPropertyName("vxlanMTUV6")]
    public int? VxlanMtuV6 { get; set; }

    /// <summary>The VXLAN UDP port (default 4789).</summary>
    [JsonPropertyName("vxlanPort")]
    public int? VxlanPort { get; set; }

    /// <summary>The VXLAN network id (default 4096).</summary>
    [JsonPropertyName("vxlanVNI")]
    public int? VxlanVni { get; set; }

    /// <summary>Whether pods may send VXLAN packets.</summary>
    [JsonPropertyName("allowVXLANPacketsFromWorkloads")]
    public bool? AllowVxlanPacketsFromWorkloads { get; set; }

    /// <summary>Whether pods may send IP-in-IP packets.</summary>
    [JsonPropertyName("allowIPIPPacketsFromWorkloads")]
    public bool? AllowIpipPacketsFromWorkloads { get; set; }

    /// <summary>SNAT to this address instead of masquerading.</summary>
    [JsonPropertyName("natOutgoingAddress")]
    public string? NatOutgoingAddress { get; set; }

    /// <summary>The port range used for SNAT.</summary>
    [JsonPropertyName("natPortRange")]
    public Port? NatPortRange { get; set; }

    /// <summary><c>IPPoolsOnly</c> (default) or <c>IPPoolsAndHostIPs</c>.</summary>
    [JsonPropertyName("natOutgoingExclusions")]
    public string? NatOutgoingExclusions { get; set; }

    /// <summary>Periodic route resync (default 90s).</summary>
    [JsonPropertyName("routeRefreshInterval")]
    public string? RouteRefreshInterval { get; set; }

    /// <summary>Periodic interface resync (default 90s).</summary>
    [JsonPropertyName("interfaceRefreshInterval")]
    public string? InterfaceRefreshInterval { get; set; }

    /// <summary>Periodic IP set resync (default 90s).</summary>
    [JsonPropertyName("ipsetsRefreshInterval")]
    public string? IpsetsRefreshInterval { get; set; }

    /// <summary>Periodic rule drift check (default 180s).</summary>
    [JsonPropertyName("iptablesRefreshInterval")]
    public string? IptablesRefreshInterval { get; set; }

    /// <summary>Periodic nftables drift check.</summary>
    [JsonPropertyName("nftablesRefreshInterval")]
    public string? NftablesRefreshInterval { get; set; }

    /// <summary><c>CalicoIPAM</c> (default) or <c>WorkloadIPs</c>.</summary>
    [JsonPropertyName("routeSource")]
    public string? RouteSource { get; set; }

    /// <summary>Deprecated: the routing tables Felix may use.</summary>
    [JsonPropertyName("routeTableRange")]
    public RouteTableRange? RouteTableRange { get; set; }

    /// <summary>The routing tables Felix may use.</summary>
    [JsonPropertyName("routeTableRanges")]
    public IList<RouteTableRange>? RouteTableRanges { get; set; }

    /// <summary>Whether Felix leaves routes alone.</summary>
    [JsonPropertyName("routeSyncDisabled")]
    public bool? RouteSyncDisabled { get; set; }

    /// <summary>The IPv4 source address of device routes.</summary>
    [JsonPropertyName("deviceRouteSourceAddress")]
    public string? DeviceRouteSourceAddress { get; set; }

    /// <summary>The IPv6 source address of device routes.</summary>
    [JsonPropertyName("deviceRouteSourceAddressIPv6")]
    public string? DeviceRouteSourceAddressIPv6 { get; set; }

    /// <summary>The protocol of device routes (default 3).</summary>
    [JsonPropertyName("deviceRouteProtocol")]
    public int? DeviceRouteProtocol { get; set; }

    /// <summary>Whether non-Calico routes on Calico interfaces are deleted (default <see langword="true"/>).</summary>
    [JsonPropertyName("removeExternalRoutes")]
    public bool? RemoveExternalRoutes { get; set; }

    /// <summary>Which cluster routes Felix owns, e.g. <c>EnabledIPIPOnly</c>.</summary>
    [JsonPropertyName("programClusterRoutes")]
    public string? ProgramClusterRoutes { get; set; }

    /// <summary>Whether the health endpoint is served.</summary>
    [JsonPropertyName("healthEnabled")]
    public bool? HealthEnabled { get; set; }

    /// <summary>The health endpoint's address (default <c>localhost</c>).</summary>
    [JsonPropertyName("healthHost")]
    public string? HealthHost { get; set; }

    /// <summary>The health endpoint's port (default 9099).</summary>
    [JsonPropertyName("healthPort")]
    public int? HealthPort { get; set; }

    /// <summary>Per-reporter health timeouts.</summary>
    [JsonPropertyName("healthTimeoutOverrides")]
    public IList<HealthTimeoutOverride>? HealthTimeoutOverrides { get; set; }

    /// <summary>Whether metrics are served.</summary>
    [JsonPropertyName("prometheusMetricsEnabled")]
    public bool? PrometheusMetricsEnabled { get; set; }

    /// <summary>The metrics endpoint's address.</summary>
    [JsonPropertyName("prometheusMetricsHost")]
    public string? PrometheusMetricsHost { get; set; }

    /// <summary>The metrics endpoint's port (default 9091).</summary>
    [JsonPropertyName("prometheusMetricsPort")]
    public int? PrometheusMetricsPort { get; set; }

    /// <summary>Whether runtime metrics are included.</summary>
    [JsonPropertyName("prometheusGoMetricsEnabled")]
    public bool? PrometheusGoMetricsEnabled { get; set; }

    /// <summary>Whether process metrics are included.</summary>
    [JsonPropertyName("prometheusProcessMetricsEnabled")]
    public bool? PrometheusProcessMetricsEnabled { get; set; }

    /// <summary>How often status is reported (default 30s).</summary>
    [JsonPropertyName("reportingInterval")]
    public string? ReportingInterval { get; set; }

    /// <summary>The TTL of status reports (default 90s).</summary>
    [JsonPropertyName("reportingTTL")]
    public string? ReportingTTL { get; set; }

    /// <summary>Whether per-endpoint status is reported.</summary>
    [JsonPropertyName("endpointReportingEnabled")]
    public bool? EndpointReportingEnabled { get; set; }

    /// <summary>Where per-endpoint status files are written (default <c>/var/run/calico</c>).</summary>
    [JsonPropertyName("endpointStatusPathPrefix")]
    public string? EndpointStatusPathPrefix { get; set; }

    /// <summary><c>Drop</c> (default), <c>Reject</c> or <c>Disabled</c>.</summary>
    [JsonPropertyName("serviceLoopPrevention")]
    public string? ServiceLoopPrevention { get; set; }

    /// <summary>The node-port ranges (default 30000:32767).</summary>
    [JsonPropertyName("kubeNodePortRanges")]
    public IList<Port>? KubeNodePortRanges { get; set; }

    /// <summary>Whether IPv4 WireGuard is used.</summary>
    [JsonPropertyName("wireguardEnabled")]
    public bool? WireguardEnabled { get; set; }

    /// <summary>Whether IPv6 WireGuard is used.</summary>
    [JsonPropertyName("wireguardEnabledV6")]
    public bool? WireguardEnabledV6 { get; set; }

    /// <summary>The IPv4 WireGuard port (default 51820).</summary>
    [JsonPropertyName("wireguardListeningPort")]
    public int? WireguardListeningPort { get; set; }

    /// <summary>The IPv6 WireGuard port.</summary>
    [JsonPropertyName("wireguardListeningPortV6")]
    public int? WireguardListeningPortV6 { get; set; }

    /// <summary>The IPv4 WireGuard interface (default <c>wireguard.cali</c>).</summary>
    [JsonPropertyName("wireguardInterfaceName")]
    public string? WireguardInterfaceName { get; set; }

    /// <summary>The IPv6 WireGuard interface.</summary>
    [JsonPropertyName("wireguardInterfaceNameV6")]
    public string? WireguardInterfaceNameV6 { get; set; }

    /// <summary>The IPv4 WireGuard MTU; 0 means auto.</summary>
    [JsonPropertyName("wireguardMTU")]
    public int? WireguardMtu { get; set; }

    /// <summary>The IPv6 WireGuard MTU; 0 means auto.</summary>
    [JsonPropertyName("wireguardMTUV6")]
    public int? WireguardMtuV6 { get; set; }

    /// <summary><c>Enabled</c> (default) or <c>Disabled</c>.</summary>
    [JsonPropertyName("ipForwarding")]
    public string? IpForwarding { get; set; }

    /// <summary><c>Enabled</c> or <c>Disabled</c> (default): whether WEP ipNATs are honoured.</summary>
    [JsonPropertyName("floatingIPs")]
    public string? FloatingIPs { get; set; }

    /// <summary>Whether INVALID conntrack state is allowed.</summary>
    [JsonPropertyName("disableConntrackInvalidCheck")]
    public bool? DisableConntrackInvalidCheck { get; set; }

    /// <summary>The interfaces whose MTU is used to compute tunnel MTUs.</summary>
    [JsonPropertyName("mtuIfacePattern")]
    public string? MtuIfacePattern { get; set; }
}
