using System.Net;
using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>Turns resources into validated models; every problem is reported with its field path.</summary>
internal static partial class ModelBuilder
{
    public static string LabelledKey(PolicyInputKind kind, string? ns, string name) => kind switch
    {
        PolicyInputKind.WorkloadEndpoint => $"wep/{ns}/{name}",
        PolicyInputKind.HostEndpoint => $"hep/{name}",
        PolicyInputKind.NetworkSet => $"ns/{ns}/{name}",
        _ => $"gns/{name}",
    };

    public static PolicyId PolicyIdFor(PolicyInputKind kind, string? ns, string name) => kind switch
    {
        PolicyInputKind.NetworkPolicy => new PolicyId(PolicyKind.NetworkPolicy, ns, name),
        PolicyInputKind.GlobalNetworkPolicy => new PolicyId(PolicyKind.GlobalNetworkPolicy, null, name),
        PolicyInputKind.StagedNetworkPolicy => new PolicyId(PolicyKind.StagedNetworkPolicy, ns, name),
        PolicyInputKind.StagedGlobalNetworkPolicy => new PolicyId(PolicyKind.StagedGlobalNetworkPolicy, null, name),
        _ => new PolicyId(PolicyKind.KubernetesNetworkPolicy, ns, KubernetesNetworkPolicyConverter.PolicyNamePrefix + name),
    };

    public static TierModel? Tier(Tier tier, InputErrors errors)
    {
        var action = tier.Spec.DefaultAction;
        var pass = string.Equals(action, "Pass", StringComparison.OrdinalIgnoreCase);
        if (action is not null && !pass && !string.Equals(action, "Deny", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("spec.defaultAction", $"'{action}' is not Deny or Pass");
            return null;
        }

        if (tier.Spec.Order is { } o && !double.IsFinite(o))
        {
            errors.Add("spec.order", "must be a finite number");
            return null;
        }

        return new TierModel(tier.Metadata.Name!, tier.Spec.Order, pass);
    }

    public static ProfileModel? Profile(Profile profile, InputErrors errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in profile.Spec.LabelsToApply ?? new Dictionary<string, string>())
        {
            labels[k] = v;
        }

        var name = profile.Metadata.Name!;
        var compiler = new RuleCompiler(null, errors);
        var ingress = compiler.CompileAll(profile.Spec.Ingress, "spec.ingress");
        var egress = compiler.CompileAll(profile.Spec.Egress, "spec.egress");
        return errors.Any
            ? null
            : new ProfileModel(name, labels, new CompiledPolicy(new PolicyId(PolicyKind.Profile, null, name), ingress, egress), compiler.IpSets);
    }

    public static LabelledModel? Workload(WorkloadEndpoint wep, InputErrors errors)
    {
        var ns = wep.Metadata.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            errors.Add("metadata.namespace", "a WorkloadEndpoint is namespaced");
            return null;
        }

        var spec = wep.Spec;
        var labels = OwnLabels(wep.Metadata.Labels, stripInherited: true);
        labels[SelectorScoping.NamespaceLabel] = ns;
        if (!string.IsNullOrEmpty(spec.Orchestrator))
        {
            labels[SelectorScoping.OrchestratorLabel] = spec.Orchestrator;
        }

        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            labels[SelectorScoping.ServiceAccountLabel] = spec.ServiceAccountName;
        }

        var addresses = Addresses(spec.IpNetworks, "spec.ipNetworks", hostOnly: true, errors);
        var spoof = Addresses(spec.AllowSpoofedSourcePrefixes, "spec.allowSpoofedSourcePrefixes", hostOnly: false, errors);
        var ports = Ports(spec.Ports?.Select(p => (p.Name, p.Protocol, p.Port)).ToList(), errors);
        var name = wep.Metadata.Name!;
        return errors.Any
            ? null
            : new LabelledModel(
                LabelledKey(PolicyInputKind.WorkloadEndpoint, ns, name),
                EndpointId.Workload(ns, name),
                spec.Node,
                labels,
                Profiles(spec.Profiles),
                addresses,
                ports,
                spec.InterfaceName,
                spoof,
                wep.Metadata.ResourceVersion);
    }

    public static LabelledModel? Host(HostEndpoint hep, InputErrors errors)
    {
        var spec = hep.Spec;
        if (string.IsNullOrEmpty(spec.InterfaceName) && (spec.ExpectedIPs is null || spec.ExpectedIPs.Count == 0))
        {
            errors.Add("spec", "a HostEndpoint needs interfaceName or expectedIPs");
        }

        var addresses = Addresses(spec.ExpectedIPs, "spec.expectedIPs", hostOnly: true, errors);
        var ports = Ports(spec.Ports?.Select(p => (p.Name, p.Protocol, p.Port)).ToList(), errors);
        var name = hep.Metadata.Name!;
        return errors.Any
            ? null
            : new LabelledModel(
                LabelledKey(PolicyInputKind.HostEndpoint, null, name),
                EndpointId.Host(name),
                spec.Node,
                OwnLabels(hep.Metadata.Labels, stripInherited: false),
                Profiles(spec.Profiles),
                addresses,
                ports,
                spec.InterfaceName,
                [],
                hep.Metadata.ResourceVersion);
    }

    public static LabelledModel? NetworkSet(Resource<NetworkSetSpec> set, bool global, InputErrors errors)
    {
        var ns = set.Metadata.Namespace;
        if (!global && string.IsNullOrEmpty(ns))
        {
            errors.Add("metadata.namespace", "a NetworkSet is namespaced");
            return null;
        }

        var labels = OwnLabels(set.Metadata.Labels, stripInherited: false);
        string[] profiles = [];
        if (!global)
        {
            // A namespaced set is labelled with its namespace and inherits the namespace's labels (kns. profile),
            // so that namespaceSelectors reach it.
            labels[SelectorScoping.NamespaceLabel] = ns!;
            profiles = ["kns." + ns];
        }

        var nets = Addresses(set.Spec.Nets, "spec.nets", hostOnly: false, errors);
        var name = set.Metadata.Name!;
        return errors.Any
            ? null
            : new LabelledModel(
                LabelledKey(global ? PolicyInputKind.GlobalNetworkSet : PolicyInputKind.NetworkSet, ns, name),
                null,
                null,
                labels,
                profiles,
                nets,
                [],
                null,
                [],
                set.Metadata.ResourceVersion);
    }

    private static Dictionary<string, string> OwnLabels(IDictionary<string, string>? labels, bool stripInherited)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            // A pod may not impersonate namespace or service-account labels.
            if (stripInherited && (k.StartsWith(SelectorScoping.NamespacePrefix, StringComparison.Ordinal)
                || k.StartsWith(SelectorScoping.ServiceAccountPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            result[k] = v;
        }

        return result;
    }

    private static string[] Profiles(IList<string>? profiles) =>
        profiles is null ? [] : [.. profiles.Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal)];

    private static IPNetwork[] Addresses(IList<string>? texts, string field, bool hostOnly, InputErrors errors)
    {
        if (texts is null)
        {
            return [];
        }

        var result = new SortedSet<IpSetMember>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (!Cidr.TryParse(texts[i], out var net))
            {
                errors.Add($"{field}[{i}]", $"'{texts[i]}' is not an IP address or CIDR");
            }
            else if (hostOnly && !Cidr.IsHost(net))
            {
                errors.Add($"{field}[{i}]", $"'{texts[i]}' must be a single address (/32 or /128)");
            }
            else
            {
                result.Add(new IpSetMember(net));
            }
        }

        return [.. result.Select(m => m.Network)];
    }

    private static NamedPort[] Ports(List<(string? Name, ProtocolValue? Protocol, int? Port)>? ports, InputErrors errors)
    {
        if (ports is null)
        {
            return [];
        }

        var result = new List<NamedPort>();
        for (var i = 0; i < ports.Count; i++)
        {
            var (name, protocol, port) = ports[i];
            var proto = Protocols.Tcp;
            if (protocol is { } pv && (!Protocols.TryGetNumber(pv, out proto) || !Protocols.HasPorts(proto)))
            {
                errors.Add($"spec.ports[{i}].protocol", $"'{pv}' is not TCP, UDP or SCTP");
                continue;
            }

            if (port is not { } p || p is < 1 or > 65535)
            {
                errors.Add($"spec.ports[{i}].port", $"'{port}' is not a port 1-65535");
                continue;
            }

            if (!string.IsNullOrEmpty(name))
            {
                result.Add(new NamedPort(name, proto, (ushort)p));
            }
        }

        return [.. result];
    }
}
