using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;

namespace Calico.Conformance.Netpol;

/// <summary>
/// The 3 namespaces × 3 pods model (or whatever a case lists) on one node, as Calico resources: pods become
/// workload endpoints with <c>kns.</c>/<c>ksa.</c> profiles, namespaces become profiles, plus the built-in tiers,
/// the case's Kubernetes policies and Calico resources. Each step's state is diffed against the previous one, so a
/// scenario is replayed as updates to one running engine.
/// </summary>
internal sealed partial class ClusterModel
{
    public const string NodeName = "node1";
    public const string UplinkInterface = "eth0";
    public static readonly IPAddress HostAddress = IPAddress.Parse("172.18.0.2");
    public static readonly IPAddress ExternalAddress = IPAddress.Parse("203.0.113.10");

    private readonly Dictionary<string, IPAddress> _podIps = new(StringComparer.Ordinal);
    private Dictionary<(PolicyInputKind Kind, string? Namespace, string Name), (Resource Resource, string Json)> _current = [];

    public IPAddress PodIp(string pod)
    {
        if (!_podIps.TryGetValue(pod, out var ip))
        {
            var n = _podIps.Count;
            ip = new IPAddress([10, 244, (byte)(n / 200), (byte)(10 + (n % 200))]);
            _podIps[pod] = ip;
        }

        return ip;
    }

    public IPAddress Address(string peer) => peer switch
    {
        "host" => HostAddress,
        "external" => ExternalAddress,
        _ => PodIp(peer),
    };

    /// <summary>The updates that turn the previous step's state into this case's state.</summary>
    public List<PolicyUpdate> Step(NetpolCase c)
    {
        foreach (var pod in c.Pods.Keys.Order(StringComparer.Ordinal))
        {
            PodIp(pod);
        }

        var desired = new Dictionary<(PolicyInputKind, string?, string), (Resource, string)>();
        void Add(Resource r)
        {
            var update = PolicyUpdate.Upsert(r);
            desired[(update.Kind, update.Namespace, update.Name)] = (r, Serialize(r));
        }

        foreach (var tier in BuiltInTiers.Create())
        {
            Add(tier);
        }

        foreach (var (ns, labels) in c.Namespaces)
        {
            Add(KubernetesProfiles.ForNamespace(ns, labels));
        }

        foreach (var (pod, labels) in c.Pods)
        {
            var ns = pod[..pod.IndexOf('/', StringComparison.Ordinal)];
            var sa = c.ServiceAccounts.GetValueOrDefault(pod, "default");
            Add(KubernetesProfiles.ForServiceAccount(ns, sa, null));
            Add(Workload(pod, labels, sa, c.PodServerPorts[pod]));
        }

        for (var i = 0; i < c.Policies.Count; i++)
        {
            var policy = Deserialize(c.Policies[i], CalicoJsonContext.Default.KubernetesNetworkPolicy, c.File, $"policies[{i}]");
            Add(policy);
        }

        for (var i = 0; i < c.CalicoResources.Count; i++)
        {
            Add(CalicoResource(c.CalicoResources[i], c.File, $"calicoResources[{i}]"));
        }

        var updates = new List<PolicyUpdate>();
        foreach (var (key, (resource, json)) in desired)
        {
            if (!_current.TryGetValue(key, out var old) || old.Json != json)
            {
                updates.Add(PolicyUpdate.Upsert(resource));
            }
        }

        foreach (var key in _current.Keys)
        {
            if (!desired.ContainsKey(key))
            {
                updates.Add(PolicyUpdate.Delete(key.Kind, key.Namespace, key.Name));
            }
        }

        _current = desired;
        return updates;
    }

    /// <summary>The uplink host endpoint (interface eth0), if the case defines one.</summary>
    public EndpointId? UplinkHostEndpoint() => _current.Values
        .Select(v => v.Resource)
        .OfType<HostEndpoint>()
        .Where(h => h.Spec.InterfaceName == UplinkInterface)
        .Select(h => (EndpointId?)EndpointId.Host(h.Metadata.Name!))
        .FirstOrDefault();

    private WorkloadEndpoint Workload(string pod, IReadOnlyDictionary<string, string> labels, string sa, IReadOnlyList<ServerPort> ports)
    {
        var slash = pod.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = (pod[..slash], pod[(slash + 1)..]);
        var wep = new WorkloadEndpoint();
        wep.Metadata.Namespace = ns;
        wep.Metadata.Name = $"{NodeName}-k8s-{name.Replace("-", "--", StringComparison.Ordinal)}-eth0";
        wep.Metadata.Labels = new Dictionary<string, string>(labels);
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = NodeName;
        wep.Spec.Pod = name;
        wep.Spec.Endpoint = "eth0";
        wep.Spec.ServiceAccountName = sa;
        wep.Spec.IpNetworks = [PodIp(pod) + "/32"];
        wep.Spec.Profiles = [KubernetesProfiles.NamespaceProfileName(ns), KubernetesProfiles.ServiceAccountProfileName(ns, sa)];
        wep.Spec.InterfaceName = "cali" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{ns}.{name}")))[..11];
        wep.Spec.Ports = [.. ports.Select(p => new WorkloadEndpointPort { Name = p.Name, Protocol = ProtocolValue.FromName(p.Protocol), Port = p.Port })];
        return wep;
    }

    private Resource CalicoResource(JsonElement element, string file, string field)
    {
        var apiVersion = element.TryGetProperty("apiVersion", out var a) ? a.GetString() : null;
        var kindName = element.TryGetProperty("kind", out var k) ? k.GetString() : null;
        var kind = apiVersion is null || kindName is null ? null : ResourceKinds.Find(apiVersion, kindName);
        if (kind is null)
        {
            throw NetpolCaseReader.Bad(file, field, $"'{apiVersion} {kindName}' is not a known resource kind");
        }

        return (Resource)Deserialize(element, kind.TypeInfo, file, field);
    }

    private T Deserialize<T>(JsonElement element, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, string file, string field)
        => (T)Deserialize(element, (System.Text.Json.Serialization.Metadata.JsonTypeInfo)info, file, field);

    private object Deserialize(JsonElement element, System.Text.Json.Serialization.Metadata.JsonTypeInfo info, string file, string field)
    {
        var text = Placeholder().Replace(element.GetRawText(), m => m.Groups[1].Value switch
        {
            "hostIP" => HostAddress.ToString(),
            "externalIP" => ExternalAddress.ToString(),
            var other when other.StartsWith("podIP:", StringComparison.Ordinal) && _podIps.TryGetValue(other[6..], out var ip) => ip.ToString(),
            var other => throw NetpolCaseReader.Bad(file, field, $"unknown placeholder ${{{other}}}"),
        });
        try
        {
            return JsonSerializer.Deserialize(text, info) ?? throw NetpolCaseReader.Bad(file, field, "null");
        }
        catch (JsonException e)
        {
            throw NetpolCaseReader.Bad(file, field + (e.Path is { Length: > 1 } p ? p[1..] : string.Empty), e.Message);
        }
    }

    private static string Serialize(Resource r) => r switch
    {
        WorkloadEndpoint w => JsonSerializer.Serialize(w, CalicoJsonContext.Default.WorkloadEndpoint),
        Profile p => JsonSerializer.Serialize(p, CalicoJsonContext.Default.Profile),
        Tier t => JsonSerializer.Serialize(t, CalicoJsonContext.Default.Tier),
        _ => JsonSerializer.Serialize(r, ResourceKinds.ForType(r.GetType())!.TypeInfo),
    };

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Placeholder();
}
