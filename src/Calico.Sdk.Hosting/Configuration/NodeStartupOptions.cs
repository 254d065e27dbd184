using System.Collections;
using System.Globalization;
using System.Net;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Hosting.Configuration;

/// <summary>
/// What <c>calico-node</c> reads at start-up besides Felix parameters, with the environment variable names Calico users
/// know: <c>IP</c>, <c>IP6</c>, <c>IP_AUTODETECTION_METHOD</c>, <c>CALICO_NETWORKING_BACKEND</c>, <c>CALICO_IPV4POOL_*</c>,
/// <c>CALICO_IPV6POOL_*</c>, <c>NO_DEFAULT_POOLS</c>, plus this SDK's <c>CALICO_VAR_LIB_DIR</c>,
/// <c>CALICO_PLUGIN_PATH</c>, <c>CALICO_PLUGINS</c>, <c>CALICO_IPAM_GC_INTERVAL</c>, <c>CALICO_IPAM_GC_GRACE_PERIOD</c>
/// and <c>FELIX_CONFIGFILE</c>.
/// </summary>
public sealed class NodeStartupOptions
{
    /// <summary>The default directory of the <c>nodename</c> and <c>mtu</c> files Calico's CNI plugin reads.</summary>
    public const string DefaultVarLibDirectory = "/var/lib/calico";

    /// <summary>The default Felix configuration file (used when it exists).</summary>
    public const string DefaultFelixConfigFile = "/etc/calico/felix.cfg";

    /// <summary><c>IP</c>: <c>autodetect</c> (default), <c>none</c>, or an address with optional prefix length.</summary>
    public string IPv4 { get; set; } = "autodetect";

    /// <summary><c>AS</c>: this node's BGP AS number (plain or dotted); null keeps the Node's value or BGPConfiguration's default.</summary>
    public AsNumber? AsNumber { get; set; }

    /// <summary><c>IP6</c>: <c>none</c> (default), <c>autodetect</c>, or an address with optional prefix length.</summary>
    public string IPv6 { get; set; } = "none";

    /// <summary><c>IP_AUTODETECTION_METHOD</c>: <c>first-found</c> (default), <c>interface=REGEX</c>, <c>skip-interface=REGEX</c> or <c>cidr=CIDR[,CIDR]</c>.</summary>
    public string IPv4AutodetectionMethod { get; set; } = "first-found";

    /// <summary><c>CALICO_NETWORKING_BACKEND</c>: <c>bird</c> (default; BGP), <c>vxlan</c> or <c>none</c>.</summary>
    public string NetworkingBackend { get; set; } = "bird";

    /// <summary>The pools created on first start when no pool of their family exists (from <c>CALICO_IPV4POOL_*</c> / <c>CALICO_IPV6POOL_*</c>).</summary>
    public IReadOnlyList<IPPool> DefaultPools { get; set; } = [];

    /// <summary><c>CALICO_VAR_LIB_DIR</c>: where the <c>nodename</c> and <c>mtu</c> files are written.</summary>
    public string VarLibDirectory { get; set; } = DefaultVarLibDirectory;

    /// <summary><c>CALICO_PLUGIN_PATH</c>: folders (colon-separated) searched for run-time plugins.</summary>
    public IReadOnlyList<string> PluginPaths { get; set; } = [];

    /// <summary><c>CALICO_PLUGINS</c>: the run-time plugins to enable by name; empty enables every plugin found.</summary>
    public IReadOnlyList<string> EnabledPlugins { get; set; } = [];

    /// <summary><c>CALICO_IPAM_GC_INTERVAL</c>: how often the agent sweeps leaked addresses (default 5m; 0 disables).</summary>
    public TimeSpan IpamGcInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>CALICO_IPAM_GC_GRACE_PERIOD</c>: how long an address must look leaked before it is freed (default 15m).</summary>
    public TimeSpan IpamGcGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary><c>FELIX_CONFIGFILE</c>: the Felix configuration file.</summary>
    public string FelixConfigFile { get; set; } = DefaultFelixConfigFile;

    /// <summary>Whether <see cref="FelixConfigFile"/> was given explicitly (then it must exist).</summary>
    public bool FelixConfigFileRequired { get; set; }

    /// <summary>Reads the options from environment variables.</summary>
    /// <param name="environment">The variables.</param>
    /// <returns>The options.</returns>
    /// <exception cref="NodeConfigurationException">A variable is invalid; the message names it, its value and what is expected.</exception>
    public static NodeStartupOptions FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var o = new NodeStartupOptions
        {
            IPv4 = Read(environment, "IP") ?? "autodetect",
            IPv6 = Read(environment, "IP6") ?? "none",
            IPv4AutodetectionMethod = Read(environment, "IP_AUTODETECTION_METHOD") ?? "first-found",
            NetworkingBackend = (Read(environment, "CALICO_NETWORKING_BACKEND") ?? "bird").ToLowerInvariant(),
            VarLibDirectory = Read(environment, "CALICO_VAR_LIB_DIR") ?? DefaultVarLibDirectory,
            PluginPaths = Split(Read(environment, "CALICO_PLUGIN_PATH"), ':'),
            EnabledPlugins = Split(Read(environment, "CALICO_PLUGINS"), ','),
            IpamGcInterval = ReadDuration(environment, "CALICO_IPAM_GC_INTERVAL", TimeSpan.FromMinutes(5)),
            IpamGcGracePeriod = ReadDuration(environment, "CALICO_IPAM_GC_GRACE_PERIOD", TimeSpan.FromMinutes(15)),
        };
        if (Read(environment, "AS") is { } asText)
        {
            o.AsNumber = Calico.Sdk.Resources.AsNumber.TryParse(asText, out var asn) && asn.Value != 0
                ? asn
                : throw new NodeConfigurationException($"AS='{asText}' is invalid: expected an AS number from 1 to 4294967295, plain (64512) or dotted (1.10)");
        }

        var configFile = Read(environment, "FELIX_CONFIGFILE");
        o.FelixConfigFile = configFile ?? DefaultFelixConfigFile;
        o.FelixConfigFileRequired = configFile is not null;
        if (!ReadBool(environment, "NO_DEFAULT_POOLS", false))
        {
            var pools = new List<IPPool> { PoolFromEnvironment(environment, "CALICO_IPV4POOL_", "default-ipv4-ippool", "192.168.0.0/16", 26) };
            if (Read(environment, "CALICO_IPV6POOL_CIDR") is not null)
            {
                pools.Add(PoolFromEnvironment(environment, "CALICO_IPV6POOL_", "default-ipv6-ippool", "", 122));
            }

            o.DefaultPools = pools;
        }

        o.Validate();
        return o;
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="NodeConfigurationException">An option is invalid, naming it.</exception>
    public void Validate()
    {
        if (NetworkingBackend is not ("bird" or "vxlan" or "none"))
        {
            throw new NodeConfigurationException($"CALICO_NETWORKING_BACKEND='{NetworkingBackend}' is invalid: expected bird, vxlan or none");
        }

        CheckAddressSetting("IP", IPv4, System.Net.Sockets.AddressFamily.InterNetwork);
        CheckAddressSetting("IP6", IPv6, System.Net.Sockets.AddressFamily.InterNetworkV6);
        var method = IPv4AutodetectionMethod;
        if (!(method == "first-found" || method.StartsWith("interface=", StringComparison.Ordinal)
            || method.StartsWith("skip-interface=", StringComparison.Ordinal) || method.StartsWith("cidr=", StringComparison.Ordinal)))
        {
            throw new NodeConfigurationException($"IP_AUTODETECTION_METHOD='{method}' is invalid: expected first-found, interface=REGEX, skip-interface=REGEX or cidr=CIDR[,CIDR]");
        }

        if (string.IsNullOrWhiteSpace(VarLibDirectory))
        {
            throw new NodeConfigurationException("CALICO_VAR_LIB_DIR is empty: expected a directory such as /var/lib/calico");
        }
    }

    private static void CheckAddressSetting(string variable, string value, System.Net.Sockets.AddressFamily family)
    {
        if (value is "autodetect" or "none")
        {
            return;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? value : value[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || address.AddressFamily != family
            || (slash >= 0 && (!int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits > (family == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))))
        {
            throw new NodeConfigurationException($"{variable}='{value}' is invalid: expected autodetect, none, or an {(family == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address with optional /prefix");
        }
    }

    private static IPPool PoolFromEnvironment(IDictionary environment, string prefix, string name, string defaultCidr, int defaultBlockSize)
    {
        var cidr = Read(environment, prefix + "CIDR") ?? defaultCidr;
        if (!IPNetwork.TryParse(cidr, out var network) || !cidr.StartsWith(network.BaseAddress + "/", StringComparison.Ordinal) || network.BaseAddress.AddressFamily != (prefix.Contains("V6", StringComparison.Ordinal) ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork))
        {
            throw new NodeConfigurationException($"{prefix}CIDR='{cidr}' is invalid: expected a {(prefix.Contains("V6", StringComparison.Ordinal) ? "IPv6" : "IPv4")} CIDR such as {(prefix.Contains("V6", StringComparison.Ordinal) ? "fd00:10::/48" : "192.168.0.0/16")} with no host bits");
        }

        var blockText = Read(environment, prefix + "BLOCK_SIZE");
        var blockSize = defaultBlockSize;
        if (blockText is not null && !int.TryParse(blockText, NumberStyles.None, CultureInfo.InvariantCulture, out blockSize))
        {
            throw new NodeConfigurationException($"{prefix}BLOCK_SIZE='{blockText}' is invalid: expected a prefix length such as {defaultBlockSize}");
        }

        var pool = new IPPool();
        pool.Metadata.Name = name;
        pool.Spec.Cidr = network.ToString();
        pool.Spec.BlockSize = blockSize;
        pool.Spec.IpipMode = Mode(environment, prefix + "IPIP");
        pool.Spec.VxlanMode = Mode(environment, prefix + "VXLAN");
        pool.Spec.NatOutgoing = ReadBool(environment, prefix + "NAT_OUTGOING", true);
        pool.Spec.NodeSelector = Read(environment, prefix + "NODE_SELECTOR") ?? "all()";
        pool.Spec.DisableBgpExport = ReadBool(environment, prefix + "DISABLE_BGP_EXPORT", false);
        if (pool.Spec.IpipMode != "Never" && pool.Spec.VxlanMode != "Never")
        {
            throw new NodeConfigurationException($"{prefix}IPIP='{pool.Spec.IpipMode}' and {prefix}VXLAN='{pool.Spec.VxlanMode}': a pool uses at most one encapsulation");
        }

        return pool;
    }

    private static string Mode(IDictionary environment, string variable)
    {
        var value = Read(environment, variable);
        return value?.ToLowerInvariant() switch
        {
            null or "never" or "off" => "Never",
            "always" => "Always",
            "crosssubnet" or "cross-subnet" => "CrossSubnet",
            _ => throw new NodeConfigurationException($"{variable}='{value}' is invalid: expected Always, CrossSubnet or Never"),
        };
    }

    private static bool ReadBool(IDictionary environment, string variable, bool fallback)
    {
        var value = Read(environment, variable);
        if (value is null)
        {
            return fallback;
        }

        return bool.TryParse(value, out var b) ? b : throw new NodeConfigurationException($"{variable}='{value}' is invalid: expected true or false");
    }

    private static TimeSpan ReadDuration(IDictionary environment, string variable, TimeSpan fallback)
    {
        var value = Read(environment, variable);
        if (value is null)
        {
            return fallback;
        }

        return Durations.TryParse(value, out var d) ? d : throw new NodeConfigurationException($"{variable}='{value}' is invalid: expected a duration such as 5m, 90s or a number of seconds");
    }

    private static string[] Split(string? value, char separator) =>
        value is null ? [] : value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string? Read(IDictionary environment, string name) =>
        environment[name] is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
