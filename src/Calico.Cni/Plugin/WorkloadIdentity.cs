using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Status;

namespace Calico.Cni.Plugin;

/// <summary>
/// Who the attachment is for. With <c>K8S_POD_NAMESPACE</c> and <c>K8S_POD_NAME</c> in CNI_ARGS the orchestrator is
/// <c>k8s</c> (endpoint <c>&lt;node&gt;-k8s-&lt;pod&gt;-&lt;ifname&gt;</c>, host interface from <c>&lt;ns&gt;.&lt;pod&gt;</c>);
/// without them (containerd's <c>ctr run --cni</c>) it is <c>cni</c> (endpoint <c>&lt;node&gt;-cni-&lt;containerID&gt;-&lt;ifname&gt;</c>,
/// namespace <c>default</c>, host interface from the container ID).
/// </summary>
internal sealed record WorkloadIdentity(
    string Node,
    string Orchestrator,
    string Namespace,
    string? Pod,
    string ContainerId,
    string IfName,
    string EndpointName,
    string HostInterface,
    string HandleId,
    string? ServiceAccount,
    IReadOnlyDictionary<string, string> WorkloadLabels)
{
    /// <summary>Label prefixes Calico reserves for itself; workload-supplied labels with them are dropped.</summary>
    public static readonly string[] ReservedPrefixes = ["projectcalico.org/", "pcns.", "pcsa."];

    public static WorkloadIdentity From(CniEnvironment env, NetConf conf, string node)
    {
        env.Args.TryGetValue("K8S_POD_NAMESPACE", out var ns);
        env.Args.TryGetValue("K8S_POD_NAME", out var pod);
        env.Args.TryGetValue("K8S_POD_SERVICE_ACCOUNT", out var sa);
        var k8s = !string.IsNullOrEmpty(ns) && !string.IsNullOrEmpty(pod);
        ns = string.IsNullOrEmpty(ns) ? "default" : ns;
        Check(ns, "K8S_POD_NAMESPACE", 63);
        if (k8s)
        {
            Check(pod!, "K8S_POD_NAME", 253);
        }

        if (!string.IsNullOrEmpty(sa))
        {
            Check(sa, "K8S_POD_SERVICE_ACCOUNT", 253);
        }

        if (env.ContainerId.Contains('_', StringComparison.Ordinal))
        {
            throw new CniException(CniCodes.InvalidEnvironment, $"CNI_CONTAINERID '{env.ContainerId}': Calico endpoint names cannot hold '_'");
        }

        var orchestrator = k8s ? "k8s" : "cni";
        var workload = k8s ? pod! : env.ContainerId;
        var endpoint = string.Join('-', new[] { node, orchestrator, workload, env.IfName }.Select(s => s.Replace("-", "--", StringComparison.Ordinal)));
        var key = k8s ? ns + "." + pod : env.ContainerId;
        if (env.IfName != "eth0")
        {
            key += "." + env.IfName; // a second interface of the same workload needs its own host end
        }

        var labels = new Dictionary<string, string>(conf.RuntimeLabels, StringComparer.Ordinal);
        if (env.Args.TryGetValue("K8S_POD_LABELS", out var argLabels))
        {
            foreach (var (k, v) in CniArgs.ParseLabels(argLabels))
            {
                labels[k] = v;
            }
        }

        foreach (var reserved in labels.Keys.Where(k => ReservedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            labels.Remove(reserved);
        }

        return new WorkloadIdentity(
            node, orchestrator, ns, k8s ? pod : null, env.ContainerId, env.IfName, endpoint,
            WorkloadPlumbing.HostInterfaceName(key), conf.Name + "." + env.ContainerId,
            string.IsNullOrEmpty(sa) ? null : sa, labels);
    }

    /// <summary>The agent's status file for this endpoint, inside <c>endpoint_status_dir</c>.</summary>
    public string StatusFile(NetConf conf) =>
        Path.Combine(conf.EndpointStatusDir, Path.GetFileName(StatusPaths.EndpointStatusFile("/", Namespace, EndpointName)));

    /// <summary>The endpoint's labels: the workload's plus Calico's namespace, orchestrator and service account.</summary>
    public Dictionary<string, string> EndpointLabels()
    {
        var labels = new Dictionary<string, string>(WorkloadLabels, StringComparer.Ordinal)
        {
            ["projectcalico.org/namespace"] = Namespace,
            ["projectcalico.org/orchestrator"] = Orchestrator,
        };
        if (ServiceAccount is not null)
        {
            labels["projectcalico.org/serviceaccount"] = ServiceAccount;
        }

        return labels;
    }

    /// <summary><c>kns.&lt;ns&gt;</c> and, with a service account, <c>ksa.&lt;ns&gt;.&lt;sa&gt;</c>: the profiles carrying
    /// namespace and service-account labels in etcd mode.</summary>
    public List<string> Profiles()
    {
        var profiles = new List<string> { "kns." + Namespace };
        if (ServiceAccount is not null)
        {
            profiles.Add("ksa." + Namespace + "." + ServiceAccount);
        }

        return profiles;
    }

    private static void Check(string value, string what, int max)
    {
        var ok = value.Length <= max && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
            && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.');
        if (!ok)
        {
            throw new CniException(CniCodes.InvalidEnvironment, $"CNI_ARGS {what} '{value}' is not a lowercase DNS name of at most {max} characters");
        }
    }
}
