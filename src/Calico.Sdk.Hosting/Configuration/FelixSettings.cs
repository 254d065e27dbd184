using System.Collections;
using System.Globalization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Hosting.Configuration;

/// <summary>
/// The agent's effective Felix parameters, merged with Felix's precedence (highest first): environment
/// <c>FELIX_&lt;Name&gt;</c> (case-insensitive) &gt; configuration file &gt; FelixConfiguration <c>node.&lt;nodename&gt;</c>
/// &gt; FelixConfiguration <c>default</c> &gt; built-in default. Every known parameter is parsed when built, so a bad value
/// fails start-up with a message naming the parameter, its source and its value.
/// </summary>
public sealed class FelixSettings
{
    private readonly Dictionary<string, (string Value, SettingSource Source)> _values;

    private FelixSettings(Dictionary<string, (string Value, SettingSource Source)> values) => _values = values;

    /// <summary>Whether <c>/liveness</c> and <c>/readiness</c> are served.</summary>
    public bool HealthEnabled => Bool("HealthEnabled");

    /// <summary>The health endpoint's bind host.</summary>
    public string HealthHost => Text("HealthHost");

    /// <summary>The health endpoint's port.</summary>
    public int HealthPort => Int("HealthPort");

    /// <summary>Whether <c>/metrics</c> is served.</summary>
    public bool PrometheusMetricsEnabled => Bool("PrometheusMetricsEnabled");

    /// <summary>The metrics endpoint's bind host (empty: every address).</summary>
    public string PrometheusMetricsHost => Text("PrometheusMetricsHost");

    /// <summary>The metrics endpoint's port.</summary>
    public int PrometheusMetricsPort => Int("PrometheusMetricsPort");

    /// <summary>The run directory for status files (<c>EndpointStatusPathPrefix</c>).</summary>
    public string EndpointStatusPathPrefix => Text("EndpointStatusPathPrefix");

    /// <summary>The workload interface prefixes (first one is used for new names).</summary>
    public IReadOnlyList<string> InterfacePrefixes =>
        Text("InterfacePrefix").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Workload → own host traffic after egress policy: <c>Drop</c>, <c>Accept</c> or <c>Return</c>.</summary>
    public string DefaultEndpointToHostAction => Text("DefaultEndpointToHostAction");

    /// <summary>The route protocol number the agent's own routes carry.</summary>
    public byte DeviceRouteProtocol => (byte)Int("DeviceRouteProtocol");

    /// <summary>Whether IPv6 is programmed.</summary>
    public bool Ipv6Support => Bool("Ipv6Support");

    /// <summary>Whether the agent enables IP forwarding (<c>Enabled</c>/<c>Disabled</c>).</summary>
    public bool IpForwarding => Text("IpForwarding").Equals("Enabled", StringComparison.OrdinalIgnoreCase);

    /// <summary>How often the dataplane checks its table for tampering.</summary>
    public TimeSpan NftablesRefreshInterval => Duration("NftablesRefreshInterval");

    /// <summary>The VXLAN device MTU (0: host MTU − 50).</summary>
    public int VxlanMtu => Int("VxlanMtu");

    /// <summary>The pattern of host interfaces whose MTU decides the workload MTU.</summary>
    public string MtuIfacePattern => Text("MtuIfacePattern");

    /// <summary>How often the node status is rewritten (live).</summary>
    public TimeSpan ReportingInterval => Duration("ReportingInterval");

    /// <summary>How often the agent's routes are checked against the kernel (live).</summary>
    public TimeSpan RouteRefreshInterval => Duration("RouteRefreshInterval");

    /// <summary>The console log level (live).</summary>
    public string LogSeverityScreen => Text("LogSeverityScreen");

    /// <summary>Builds the effective settings.</summary>
    /// <param name="environment">The environment variables.</param>
    /// <param name="configFile">The configuration file's keys, or null.</param>
    /// <param name="node">FelixConfiguration <c>node.&lt;nodename&gt;</c>, or null.</param>
    /// <param name="global">FelixConfiguration <c>default</c>, or null.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="NodeConfigurationException">A known parameter has an invalid value.</exception>
    public static FelixSettings Build(IDictionary environment, IReadOnlyDictionary<string, string>? configFile, FelixConfiguration? node, FelixConfiguration? global)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, (string, SettingSource)>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in FelixParameters.All)
        {
            values[p.Name] = (p.Default, SettingSource.Default);
        }

        Overlay(values, FelixConfigurationReader.Read(global), SettingSource.GlobalFelixConfiguration);
        Overlay(values, FelixConfigurationReader.Read(node), SettingSource.NodeFelixConfiguration);
        if (configFile is not null)
        {
            Overlay(values, configFile, SettingSource.ConfigFile);
        }

        var fromEnvironment = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string key && key.StartsWith("FELIX_", StringComparison.OrdinalIgnoreCase) && key.Length > 6 && entry.Value is string value)
            {
                fromEnvironment[key[6..]] = value;
            }
        }

        Overlay(values, fromEnvironment, SettingSource.Environment);
        var settings = new FelixSettings(values);
        settings.Check();
        return settings;
    }

    /// <summary>The effective value of any parameter by name (case-insensitive), or null when nothing sets it.</summary>
    /// <param name="name">The parameter name, e.g. <c>HealthPort</c>.</param>
    /// <returns>The value as text.</returns>
    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v.Value : null;

    /// <summary>Where a parameter's effective value came from.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The source (<see cref="SettingSource.Default"/> for unknown, unset names).</returns>
    public SettingSource SourceOf(string name) => _values.TryGetValue(name, out var v) ? v.Source : SettingSource.Default;

    /// <summary>The known parameters whose value differs in <paramref name="newer"/> and that cannot change live.</summary>
    /// <param name="newer">The settings after a FelixConfiguration change.</param>
    /// <returns>The parameter names, empty when the change can be applied live.</returns>
    public IReadOnlyList<string> RestartRequiredChanges(FelixSettings newer)
    {
        ArgumentNullException.ThrowIfNull(newer);
        return [.. FelixParameters.All.Where(p => !p.Live && !string.Equals(Get(p.Name), newer.Get(p.Name), StringComparison.Ordinal)).Select(p => p.Name)];
    }

    private static void Overlay(Dictionary<string, (string, SettingSource)> values, IEnumerable<KeyValuePair<string, string>> layer, SettingSource source)
    {
        foreach (var (key, value) in layer)
        {
            var known = FelixParameters.Find(key);
            values[known?.Name ?? key] = (value.Trim(), source);
        }
    }

    private void Check()
    {
        foreach (var p in FelixParameters.All)
        {
            var (value, source) = _values[p.Name];
            var ok = p.Type switch
            {
                FelixValueType.Boolean => bool.TryParse(value, out _),
                FelixValueType.Integer => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 && (p.Name != "DeviceRouteProtocol" || n is > 0 and < 256) && (!p.Name.EndsWith("Port", StringComparison.Ordinal) || n is > 0 and < 65536),
                FelixValueType.Duration => Durations.TryParse(value, out _),
                _ => true,
            };
            if (!ok)
            {
                var expected = p.Type switch
                {
                    FelixValueType.Boolean => "true or false",
                    FelixValueType.Integer when p.Name.EndsWith("Port", StringComparison.Ordinal) => "a port 1-65535",
                    FelixValueType.Integer when p.Name == "DeviceRouteProtocol" => "a route protocol number 1-255",
                    FelixValueType.Integer => "a non-negative integer",
                    _ => "a duration such as 30s, 1m30s or a number of seconds",
                };
                throw new NodeConfigurationException($"Felix parameter {p.Name}='{value}' (from {Describe(source, p.Name)}) is invalid: expected {expected}");
            }
        }

        if (!DefaultEndpointToHostAction.Equals("Drop", StringComparison.OrdinalIgnoreCase)
            && !DefaultEndpointToHostAction.Equals("Accept", StringComparison.OrdinalIgnoreCase)
            && !DefaultEndpointToHostAction.Equals("Return", StringComparison.OrdinalIgnoreCase))
        {
            throw new NodeConfigurationException($"Felix parameter DefaultEndpointToHostAction='{DefaultEndpointToHostAction}' (from {Describe(SourceOf("DefaultEndpointToHostAction"), "DefaultEndpointToHostAction")}) is invalid: expected Drop, Accept or Return");
        }

        if (InterfacePrefixes.Count == 0)
        {
            throw new NodeConfigurationException("Felix parameter InterfacePrefix is empty: expected e.g. cali");
        }
    }

    private static string Describe(SettingSource source, string name) => source switch
    {
        SettingSource.Environment => "environment variable FELIX_" + name.ToUpperInvariant(),
        SettingSource.ConfigFile => "the configuration file",
        SettingSource.NodeFelixConfiguration => "FelixConfiguration node.<nodename>",
        SettingSource.GlobalFelixConfiguration => "FelixConfiguration default",
        _ => "the built-in default",
    };

    private string Text(string name) => _values[name].Value;

    private bool Bool(string name) => bool.Parse(_values[name].Value);

    private int Int(string name) => int.Parse(_values[name].Value, CultureInfo.InvariantCulture);

    private TimeSpan Duration(string name) => Durations.TryParse(_values[name].Value, out var d) ? d : TimeSpan.Zero;
}
