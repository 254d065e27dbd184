using System.Collections;
using Calico.Sdk.Dataplane;
using Calico.Sdk.Hosting.Configuration;
using Calico.Sdk.Linux;

namespace Calico.Sdk.Hosting;

/// <summary>Settings of the node agent hosted service added by <c>AddNodeAgent</c>.</summary>
public sealed class NodeAgentOptions
{
    /// <summary>The environment the agent reads (<c>FELIX_*</c>, <c>IP</c>, <c>CALICO_*</c>); default: the process environment.</summary>
    public IDictionary Environment { get; set; } = System.Environment.GetEnvironmentVariables();

    /// <summary>Start-up options; null reads them from <see cref="Environment"/>.</summary>
    public NodeStartupOptions? Startup { get; set; }

    /// <summary>
    /// The network namespace the agent programs (routes, sysctls, address detection); null for the process's own. Set it
    /// to run an agent in-process for a namespace other than the caller's (tests, several agents in one process).
    /// </summary>
    public NetworkNamespace? HostNamespace { get; set; }

    /// <summary>Creates the dataplane once the effective Felix settings are known (interface prefixes, refresh interval, ...).</summary>
    public Func<IServiceProvider, FelixSettings, IDataplane>? DataplaneFactory { get; set; }

    /// <summary>The name of the dataplane for status reports, e.g. <c>nftables</c>.</summary>
    public string DataplaneName { get; set; } = "nftables";

    /// <summary>How often pending work (routes to interfaces that did not exist yet, failed applies) is retried. Default 250 ms.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
