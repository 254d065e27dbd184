using System.Globalization;
using Calico.Sdk.Policy.Ingest;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Policy;

/// <summary>
/// Translates a <c>networking.k8s.io/v1</c> NetworkPolicy into the Calico NetworkPolicy Calico enforces for it:
/// first the Kubernetes API server's defaulting (a port without protocol is TCP; missing <c>policyTypes</c> become
/// Ingress, plus Egress when there are egress rules), then Calico's conversion (tier <c>default</c>, order 1000,
/// name <c>knp.default.&lt;name&gt;</c>, one Allow rule per protocol × peer, ipBlock except as notNets).
/// </summary>
public static class KubernetesNetworkPolicyConverter
{
    /// <summary>The prefix Calico gives converted policies' names.</summary>
    public const string PolicyNamePrefix = "knp.default.";

    /// <summary>The order of every converted policy.</summary>
    public const double PolicyOrder = 1000;

    private const string OrchestratorClause = "projectcalico.org/orchestrator == 'k8s'";

    /// <summary>Converts a policy; the input is not modified.</summary>
    /// <param name="policy">The Kubernetes policy.</param>
    /// <returns>The Calico policy.</returns>
    /// <exception cref="ArgumentException">The policy is invalid; the message names every bad field.</exception>
    public static NetworkPolicy Convert(KubernetesNetworkPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Convert(policy, out var errors)
            ?? throw new ArgumentException(
                $"NetworkPolicy {policy.Metadata.Namespace}/{policy.Metadata.Name}: "
                + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)),
                nameof(policy));
    }

    internal static NetworkPolicy? Convert(KubernetesNetworkPolicy policy, out List<(string Field, string Message)> errors)
    {
        var problems = new List<(string Field, string Message)>();
        errors = problems;
        var spec = policy.Spec;
        var selector = PodSelector(spec.PodSelector, "spec.podSelector", problems);
        var ingressRules = new List<Rule>();
        var egressRules = new List<Rule>();
        for (var i = 0; i < (spec.Ingress?.Count ?? 0); i++)
        {
            var rule = spec.Ingress![i];
            ingressRules.AddRange(ConvertRule(rule?.Ports, rule?.From, ingress: true, $"spec.ingress[{i}]", problems));
        }

        for (var i = 0; i < (spec.Egress?.Count ?? 0); i++)
        {
            var rule = spec.Egress![i];
            egressRules.AddRange(ConvertRule(rule?.Ports, rule?.To, ingress: false, $"spec.egress[{i}]", problems));
        }

        var types = new List<string>();
        if (spec.PolicyTypes is null || spec.PolicyTypes.Count == 0)
        {
            types.Add("Ingress");
            if (spec.Egress is { Count: > 0 })
            {
                types.Add("Egress");
            }
        }
        else
        {
            for (var i = 0; i < spec.PolicyTypes.Count; i++)
            {
                var type = spec.PolicyTypes[i];
                if (type is not ("Ingress" or "Egress") || types.Contains(type))
                {
                    problems.Add(($"spec.policyTypes[{i}]", $"'{type}' is not Ingress or Egress, or is repeated"));
                }
                else
                {
                    types.Add(type);
                }
            }
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var result = new NetworkPolicy();
        result.Metadata.Name = PolicyNamePrefix + policy.Metadata.Name;
        result.Metadata.Namespace = policy.Metadata.Namespace;
        result.Spec.Tier = ModelBuilder.DefaultTier;
        result.Spec.Order = PolicyOrder;
        result.Spec.Selector = selector;
        result.Spec.Types = types;
        result.Spec.Ingress = ingressRules;
        result.Spec.Egress = egressRules;
        return result;
    }

    private static List<Rule> ConvertRule(
        IList<KubernetesNetworkPolicyPort>? ports,
        IList<KubernetesNetworkPolicyPeer>? peers,
        bool ingress,
        string field,
        List<(string Field, string Message)> problems)
    {
        var byProtocol = PortsByProtocol(ports, field + ".ports", problems);
        var entities = new List<EntityRule?>();
        if (peers is null || peers.Count == 0)
        {
            entities.Add(null);
        }
        else
        {
            for (var i = 0; i < peers.Count; i++)
            {
                entities.Add(Peer(peers[i], $"{field}.{(ingress ? "from" : "to")}[{i}]", problems));
            }
        }

        var rules = new List<Rule>();
        foreach (var (protocol, protocolPorts) in byProtocol)
        {
            foreach (var peer in entities)
            {
                var rule = new Rule { Action = "Allow" };
                if (protocol.Length > 0)
                {
                    rule.Protocol = ProtocolValue.FromName(protocol);
                }

                var portEntity = protocolPorts is { Count: > 0 } ? new EntityRule { Ports = protocolPorts } : null;
                if (ingress)
                {
                    rule.Source = Copy(peer);
                    rule.Destination = portEntity;
                }
                else
                {
                    var destination = Copy(peer) ?? new EntityRule();
                    destination.Ports = portEntity?.Ports;
                    rule.Destination = destination.Ports is null && peer is null ? null : destination;
                }

                rules.Add(rule);
            }
        }

        return rules;
    }

    private static EntityRule? Copy(EntityRule? e) => e is null ? null : new EntityRule
    {
        Selector = e.Selector,
        NamespaceSelector = e.NamespaceSelector,
        Nets = e.Nets is null ? null : [.. e.Nets],
        NotNets = e.NotNets is null ? null : [.. e.NotNets],
    };

    // Protocol (sorted; "" = no ports at all) → ports (null = all ports of the protocol).
    private static SortedDictionary<string, List<Port>?> PortsByProtocol(
        IList<KubernetesNetworkPolicyPort>? ports, string field, List<(string Field, string Message)> problems)
    {
        var result = new SortedDictionary<string, List<Port>?>(StringComparer.Ordinal);
        if (ports is null || ports.Count == 0)
        {
            result[string.Empty] = null;
            return result;
        }

        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i] ?? new KubernetesNetworkPolicyPort();
            var protocol = port.Protocol ?? "TCP"; // Kubernetes API defaulting.
            if (protocol is not ("TCP" or "UDP" or "SCTP"))
            {
                problems.Add(($"{field}[{i}].protocol", $"'{protocol}' is not TCP, UDP or SCTP"));
                continue;
            }

            if (port.Port is not { } value)
            {
                if (port.EndPort is not null)
                {
                    problems.Add(($"{field}[{i}].endPort", "endPort needs a numeric port"));
                }

                result[protocol] = null; // all ports of this protocol
                continue;
            }

            Port? calicoPort = null;
            if (value.IntValue is { } number)
            {
                var end = port.EndPort ?? number;
                if (number is < 1 or > 65535 || end < number || end > 65535)
                {
                    problems.Add(($"{field}[{i}]", $"port {number} / endPort {port.EndPort} is not a valid port or range"));
                }
                else
                {
                    calicoPort = port.EndPort is null ? Port.FromNumber(number) : Port.FromRange(number, end);
                }
            }
            else if (string.IsNullOrEmpty(value.StringValue) || port.EndPort is not null)
            {
                problems.Add(($"{field}[{i}].port", "a named port must be non-empty and cannot have endPort"));
            }
            else
            {
                calicoPort = Port.FromName(value.StringValue);
            }

            if (calicoPort is { } p && (!result.TryGetValue(protocol, out var list) || list is not null))
            {
                list ??= [];
                list.Add(p);
                result[protocol] = list;
            }
        }

        foreach (var protocol in result.Keys.ToList())
        {
            if (result[protocol] is { } list)
            {
                result[protocol] = SimplifyPorts(list);
            }
        }

        return result;
    }

    // Coalesces numeric ports into the fewest ranges; named ports follow in their original order.
    private static List<Port> SimplifyPorts(List<Port> ports)
    {
        var ranges = ports.Where(p => !p.IsNamed).OrderBy(p => p.MinPort).ThenBy(p => p.MaxPort).ToList();
        var merged = new List<(int Min, int Max)>();
        foreach (var p in ranges)
        {
            if (merged.Count > 0 && p.MinPort <= merged[^1].Max + 1)
            {
                merged[^1] = (merged[^1].Min, Math.Max(merged[^1].Max, p.MaxPort));
            }
            else
            {
                merged.Add((p.MinPort, p.MaxPort));
            }
        }

        var result = merged.Select(r => r.Min == r.Max ? Port.FromNumber(r.Min) : Port.FromRange(r.Min, r.Max)).ToList();
        foreach (var named in ports.Where(p => p.IsNamed))
        {
            if (!result.Contains(named))
            {
                result.Add(named);
            }
        }

        return result;
    }

    private static EntityRule? Peer(KubernetesNetworkPolicyPeer? peer, string field, List<(string Field, string Message)> problems)
    {
        if (peer is null || (peer.IPBlock is null && peer.PodSelector is null && peer.NamespaceSelector is null))
        {
            problems.Add((field, "a peer needs podSelector, namespaceSelector or ipBlock"));
            return null;
        }

        if (peer.IPBlock is { } block)
        {
            if (peer.PodSelector is not null || peer.NamespaceSelector is not null)
            {
                problems.Add((field, "ipBlock cannot be combined with podSelector or namespaceSelector"));
                return null;
            }

            if (!Cidr.TryParse(block.Cidr, out var cidr) || !(block.Cidr ?? string.Empty).Contains('/', StringComparison.Ordinal))
            {
                problems.Add((field + ".ipBlock.cidr", $"'{block.Cidr}' is not a CIDR"));
                return null;
            }

            var except = new List<string>();
            for (var i = 0; i < (block.Except?.Count ?? 0); i++)
            {
                var text = block.Except![i];
                if (!Cidr.TryParse(text, out var ex) || ex.BaseAddress.AddressFamily != cidr.BaseAddress.AddressFamily
                    || !cidr.Contains(ex.BaseAddress) || ex.PrefixLength < cidr.PrefixLength)
                {
                    problems.Add(($"{field}.ipBlock.except[{i}]", $"'{text}' is not a CIDR inside {block.Cidr}"));
                    continue;
                }

                except.Add(text);
            }

            return new EntityRule { Nets = [block.Cidr!], NotNets = except.Count > 0 ? except : null };
        }

        return new EntityRule
        {
            Selector = PodSelector(peer.PodSelector, field + ".podSelector", problems),
            NamespaceSelector = peer.NamespaceSelector is null
                ? null
                : NamespaceSelector(peer.NamespaceSelector, field + ".namespaceSelector", problems),
        };
    }

    private static string PodSelector(LabelSelector? selector, string field, List<(string Field, string Message)> problems)
    {
        var clauses = new List<string> { OrchestratorClause };
        clauses.AddRange(Clauses(selector, field, problems));
        return string.Join(" && ", clauses);
    }

    private static string NamespaceSelector(LabelSelector selector, string field, List<(string Field, string Message)> problems)
    {
        var clauses = Clauses(selector, field, problems);
        return clauses.Count == 0 ? "all()" : string.Join(" && ", clauses);
    }

    private static List<string> Clauses(LabelSelector? selector, string field, List<(string Field, string Message)> problems)
    {
        var clauses = new List<string>();
        if (selector is null)
        {
            return clauses;
        }

        foreach (var key in (selector.MatchLabels?.Keys ?? []).Order(StringComparer.Ordinal))
        {
            clauses.Add($"{key} == '{selector.MatchLabels![key]}'");
        }

        for (var i = 0; i < (selector.MatchExpressions?.Count ?? 0); i++)
        {
            var e = selector.MatchExpressions![i];
            var values = e?.Values ?? [];
            var set = "{ " + string.Join(", ", values.Select(v => "'" + v + "'")) + " }";
            var where = string.Create(CultureInfo.InvariantCulture, $"{field}.matchExpressions[{i}]");
            switch (e?.Operator)
            {
                case "In" when values.Count > 0:
                    clauses.Add($"{e.Key} in {set}");
                    break;
                case "NotIn" when values.Count > 0:
                    clauses.Add($"{e.Key} not in {set}");
                    break;
                case "Exists" when values.Count == 0:
                    clauses.Add($"has({e.Key})");
                    break;
                case "DoesNotExist" when values.Count == 0:
                    clauses.Add($"! has({e.Key})");
                    break;
                default:
                    problems.Add((where, $"operator '{e?.Operator}' with {values.Count} values is not In/NotIn (with values) or Exists/DoesNotExist (without)"));
                    break;
            }
        }

        return clauses;
    }
}
