namespace Calico.Sdk.Hosting.Configuration;

/// <summary>
/// The Felix parameters this agent acts on, with Felix's defaults (<c>felix/config/config_params.go</c>) except where
/// noted in docs/node.md: the health endpoint is on by default, and the agent's own routes carry protocol 80.
/// Live parameters take effect at once; a change of any other one makes the agent exit cleanly with code 129 so its
/// supervisor restarts it with the new value (Felix does the same).
/// </summary>
internal static class FelixParameters
{
    public static IReadOnlyList<FelixParameter> All { get; } =
    [
        new("HealthEnabled", "true", false, FelixValueType.Boolean),
        new("HealthHost", "localhost", false, FelixValueType.Text),
        new("HealthPort", "9099", false, FelixValueType.Integer),
        new("PrometheusMetricsEnabled", "false", false, FelixValueType.Boolean),
        new("PrometheusMetricsHost", "", false, FelixValueType.Text),
        new("PrometheusMetricsPort", "9091", false, FelixValueType.Integer),
        new("EndpointStatusPathPrefix", "/var/run/calico", false, FelixValueType.Text),
        new("InterfacePrefix", "cali", false, FelixValueType.Text),
        new("DefaultEndpointToHostAction", "Drop", false, FelixValueType.Text),
        new("DeviceRouteProtocol", "80", false, FelixValueType.Integer),
        new("Ipv6Support", "true", false, FelixValueType.Boolean),
        new("IpForwarding", "Enabled", false, FelixValueType.Text),
        new("NftablesRefreshInterval", "10s", false, FelixValueType.Duration),
        new("VxlanMtu", "0", false, FelixValueType.Integer),
        new("MtuIfacePattern", "^((en|wl|ww|sl|ib)[Pcopsvx].*|(eth|wlan|wwan|veth|br|bond).*)", false, FelixValueType.Text),
        new("ReportingInterval", "30s", true, FelixValueType.Duration),
        new("RouteRefreshInterval", "90s", true, FelixValueType.Duration),
        new("LogSeverityScreen", "Info", true, FelixValueType.Text),
    ];

    public static FelixParameter? Find(string name)
    {
        foreach (var p in All)
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return null;
    }
}
