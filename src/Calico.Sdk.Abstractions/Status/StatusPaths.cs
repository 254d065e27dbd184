namespace Calico.Sdk.Status;

/// <summary>
/// Where the node agent publishes status under its run directory (Felix's <c>EndpointStatusPathPrefix</c>, default
/// <c>/var/run/calico</c>; set <c>FELIX_ENDPOINTSTATUSPATHPREFIX</c> to run several agents on one host). Directories are
/// created mode 0700 and files 0600: status is root-only.
/// </summary>
public static class StatusPaths
{
    /// <summary>The default run directory.</summary>
    public const string DefaultPrefix = "/var/run/calico";

    /// <summary>The directory holding one file per programmed workload endpoint.</summary>
    /// <param name="prefix">The run directory.</param>
    /// <returns>The directory path.</returns>
    public static string EndpointStatusDirectory(string prefix) => Path.Combine(prefix, "endpoint-status");

    /// <summary>The status file of one workload endpoint: <c>&lt;namespace&gt;_&lt;name&gt;</c> (neither a Kubernetes
    /// namespace nor a WorkloadEndpoint name can hold <c>_</c> or <c>/</c>).</summary>
    /// <param name="prefix">The run directory.</param>
    /// <param name="namespaceName">The endpoint's namespace.</param>
    /// <param name="name">The WorkloadEndpoint name.</param>
    /// <returns>The file path.</returns>
    public static string EndpointStatusFile(string prefix, string namespaceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (namespaceName.AsSpan().IndexOfAny('/', '_') >= 0 || name.AsSpan().IndexOfAny('/', '_') >= 0)
        {
            throw new ArgumentException($"endpoint '{namespaceName}/{name}': namespace and name must not contain '/' or '_'");
        }

        return Path.Combine(EndpointStatusDirectory(prefix), namespaceName + "_" + name);
    }

    /// <summary>The agent's own status report (<see cref="NodeAgentStatus"/>).</summary>
    /// <param name="prefix">The run directory.</param>
    /// <returns>The file path.</returns>
    public static string NodeStatusFile(string prefix) => Path.Combine(prefix, "status", "node.json");

    /// <summary>
    /// The agent's root-only (0600) Unix socket on which the CNI plugin hands it a workload's host interface to delete,
    /// so that DEL waits only until the interface is gone and not for the kernel's deferred clean-up (see docs/cni.md).
    /// </summary>
    /// <param name="prefix">The run directory.</param>
    /// <returns>The socket path.</returns>
    public static string TeardownSocket(string prefix) => Path.Combine(prefix, "cni-teardown.sock");
}
