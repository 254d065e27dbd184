using System.Net;
using Calico.Sdk.Policy;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Terse builders for the resources the policy tests feed the engine.</summary>
internal static class Res
{
    public static Dictionary<string, string> L(params string[] pairs)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            labels[pair[..eq]] = pair[(eq + 1)..];
        }

        return labels;
    }

    public static WorkloadEndpoint Wep(string ns, string name, string ip, Dictionary<string, string>? labels = null, string[]? profiles = null, string? sa = null, string node = "node1")
    {
        var wep = new WorkloadEndpoint();
        wep.Metadata.Namespace = ns;
        wep.Metadata.Name = name;
        wep.Metadata.Labels = labels ?? [];
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = node;
        wep.Spec.ServiceAccountName = sa;
        wep.Spec.IpNetworks = [ip];
        wep.Spec.InterfaceName = "cali" + name;
        wep.Spec.Profiles = profiles ?? ["kns." + ns];
        return wep;
    }

    public static WorkloadEndpoint WithPort(this WorkloadEndpoint wep, string name, string protocol, int port)
    {
        wep.Spec.Ports ??= [];
        wep.Spec.Ports.Add(new WorkloadEndpointPort { Name = name, Protocol = ProtocolValue.FromName(protocol), Port = port });
        return wep;
    }

    public static HostEndpoint Hep(string name, string iface, string ip, Dictionary<string, string>? labels = null, string[]? profiles = null)
    {
        var hep = new HostEndpoint();
        hep.Metadata.Name = name;
        hep.Metadata.Labels = labels ?? [];
        hep.Spec.Node = "node1";
        hep.Spec.InterfaceName = iface;
        hep.Spec.ExpectedIPs = [ip];
        hep.Spec.Profiles = profiles ?? [];
        return hep;
    }

    public static Profile Ns(string ns, params string[] labels) =>
        KubernetesProfiles.ForNamespace(ns, L(labels));

    public static Profile Profile(string name, Dictionary<string, string>? labels = null, Rule[]? ingress = null, Rule[]? egress = null)
    {
        var p = new Profile();
        p.Metadata.Name = name;
        p.Spec.LabelsToApply = labels;
        p.Spec.Ingress = ingress;
        p.Spec.Egress = egress;
        return p;
    }

    public static Tier Tier(string name, double? order, string action = "Deny")
    {
        var t = new Tier();
        t.Metadata.Name = name;
        t.Spec.Order = order;
        t.Spec.DefaultAction = action;
        return t;
    }

    public static NetworkPolicy Np(string ns, string name, string selector, Rule[]? ingress = null, Rule[]? egress = null, string[]? types = null, double? order = null, string? tier = null)
    {
        var p = new NetworkPolicy();
        p.Metadata.Namespace = ns;
        p.Metadata.Name = name;
        Fill(p.Spec, selector, ingress, egress, types, order, tier);
        return p;
    }

    public static GlobalNetworkPolicy Gnp(string name, string selector, Rule[]? ingress = null, Rule[]? egress = null, string[]? types = null, double? order = null, string? tier = null, string? namespaceSelector = null)
    {
        var p = new GlobalNetworkPolicy();
        p.Metadata.Name = name;
        Fill(p.Spec, selector, ingress, egress, types, order, tier);
        p.Spec.NamespaceSelector = namespaceSelector;
        return p;
    }

    public static Rule Rule(string action, string? protocol = null, EntityRule? src = null, EntityRule? dst = null) => new()
    {
        Action = action,
        Protocol = protocol is null ? null : ProtocolValue.Parse(protocol),
        Source = src,
        Destination = dst,
    };

    public static EntityRule Sel(string selector, string? namespaceSelector = null) => new() { Selector = selector, NamespaceSelector = namespaceSelector };

    public static EntityRule Ports(params string[] ports) => new() { Ports = [.. ports.Select(Port.Parse)] };

    public static PolicyEngine Engine(params Resource[] resources)
    {
        var engine = new PolicyEngine();
        engine.Apply([.. BuiltInTiers.Create().Select(PolicyUpdate.Upsert), .. resources.Select(PolicyUpdate.Upsert)]);
        return engine;
    }

    public static PolicyDelta Upsert(this PolicyEngine engine, params Resource[] resources) =>
        engine.Apply([.. resources.Select(PolicyUpdate.Upsert)]);

    public static PolicyDecision Eval(this PolicyEngine engine, string src, string dst, int port = 80, byte protocol = 6) =>
        engine.Evaluate(new Flow(IPAddress.Parse(src), IPAddress.Parse(dst), protocol, port));

    public static bool Allowed(this PolicyEngine engine, string src, string dst, int port = 80, byte protocol = 6) =>
        engine.Eval(src, dst, port, protocol).Verdict == Verdict.Allow;

    private static void Fill(PolicySpecBase spec, string selector, Rule[]? ingress, Rule[]? egress, string[]? types, double? order, string? tier)
    {
        spec.Selector = selector;
        spec.Ingress = ingress;
        spec.Egress = egress;
        spec.Types = types;
        spec.Order = order;
        spec.Tier = tier;
    }
}
