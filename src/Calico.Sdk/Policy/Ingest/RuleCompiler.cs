using System.Buffers.Text;
using System.Net;
using System.Text;
using Calico.Sdk.Hashing;
using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Policy.Ingest;

/// <summary>Validates Calico rules and compiles them: selectors to IP set ids, protocols to numbers.</summary>
internal sealed class RuleCompiler(string? policyNamespace, InputErrors errors)
{
    private readonly Dictionary<string, IpSetDef> _sets = new(StringComparer.Ordinal);

    public IpSetDef[] IpSets => [.. _sets.Values];

    public EquatableArray<CompiledRule> CompileAll(IList<Rule>? rules, string field)
    {
        if (rules is null || rules.Count == 0)
        {
            return default;
        }

        var result = new List<CompiledRule>(rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is null)
            {
                errors.Add($"{field}[{i}]", "a rule, not null");
                continue;
            }

            if (Compile(rules[i], i, $"{field}[{i}]") is { } rule)
            {
                result.Add(rule);
            }
        }

        return new EquatableArray<CompiledRule>(result);
    }

    private CompiledRule? Compile(Rule rule, int index, string field)
    {
        var before = errors.Items.Count;
        RuleAction action = default;
        if (!Enum.TryParse(rule.Action, ignoreCase: true, out action) || !Enum.IsDefined(action) || int.TryParse(rule.Action, out _))
        {
            errors.Add(field + ".action", $"'{rule.Action}' is not one of Allow, Deny, Log, Pass");
        }

        if (rule.IpVersion is { } v && v is not (4 or 6))
        {
            errors.Add(field + ".ipVersion", $"{v} is not 4 or 6");
        }

        var protocol = Protocol(rule.Protocol, field + ".protocol");
        var notProtocol = Protocol(rule.NotProtocol, field + ".notProtocol");
        var icmp = Icmp(rule.Icmp, protocol, field + ".icmp");
        var notIcmp = Icmp(rule.NotIcmp, protocol, field + ".notICMP");
        var source = Entity(rule.Source, protocol, field + ".source");
        var destination = Entity(rule.Destination, protocol, field + ".destination");
        if (errors.Items.Count != before)
        {
            return null;
        }

        return new CompiledRule
        {
            Action = action,
            IpVersion = rule.IpVersion,
            Protocol = protocol,
            NotProtocol = notProtocol,
            Icmp = icmp,
            NotIcmp = notIcmp,
            Source = source,
            Destination = destination,
            Index = index,
        };
    }

    private byte? Protocol(ProtocolValue? value, string field)
    {
        if (value is not { } p)
        {
            return null;
        }

        if (Protocols.TryGetNumber(p, out var number))
        {
            return number;
        }

        errors.Add(field, $"'{p}' is not TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255");
        return null;
    }

    private IcmpMatch? Icmp(IcmpFields? fields, byte? protocol, string field)
    {
        if (fields is null || (fields.Type is null && fields.Code is null))
        {
            return null;
        }

        if (protocol is not (Protocols.Icmp or Protocols.IcmpV6))
        {
            errors.Add(field, "ICMP matches need protocol ICMP or ICMPv6");
            return null;
        }

        if (fields.Type is not { } type)
        {
            errors.Add(field + ".code", "an ICMP code needs an ICMP type");
            return null;
        }

        if (type is < 0 or > 254)
        {
            errors.Add(field + ".type", $"{type} is outside 0-254");
            return null;
        }

        if (fields.Code is { } code && code is < 0 or > 255)
        {
            errors.Add(field + ".code", $"{code} is outside 0-255");
            return null;
        }

        return new IcmpMatch((byte)type, fields.Code is { } c ? (byte)c : null);
    }

    private EntityMatch Entity(EntityRule? entity, byte? protocol, string field)
    {
        if (entity is null)
        {
            return EntityMatch.Any;
        }

        if (entity.Services is not null)
        {
            errors.Add(field + ".services", "service matches need Kubernetes Service/EndpointSlice input, which this engine does not consume");
        }

        var nets = Nets(entity.Nets, field + ".nets", rejectCatchAll: false);
        var notNets = Nets(entity.NotNets, field + ".notNets", rejectCatchAll: true);
        var selectorOk = CheckSelector(entity.Selector, field + ".selector")
            & CheckSelector(entity.NotSelector, field + ".notSelector")
            & CheckSelector(entity.NamespaceSelector, field + ".namespaceSelector")
            & CheckSelector(entity.ServiceAccounts?.Selector, field + ".serviceAccounts.selector");
        var (ports, named) = Ports(entity.Ports, protocol, field + ".ports");
        var (notPorts, notNamed) = Ports(entity.NotPorts, protocol, field + ".notPorts");
        if (!selectorOk)
        {
            return EntityMatch.Any;
        }

        var scoped = SelectorScoping.Entity(entity, policyNamespace);
        Selector? positive = null;
        var ipSets = EquatableArray<string>.Empty;
        if (scoped.Length > 0)
        {
            if (!Selector.TryParse(scoped, out positive, out var error))
            {
                errors.Add(field + ".selector", $"scoped selector '{scoped}' is invalid: {error.Message}");
                return EntityMatch.Any;
            }

            ipSets = EquatableArray<string>.Wrap([AddSet(positive)]);
        }

        var notIpSets = EquatableArray<string>.Empty;
        if (!string.IsNullOrWhiteSpace(entity.NotSelector))
        {
            notIpSets = EquatableArray<string>.Wrap([AddSet(Selector.Parse(entity.NotSelector))]);
        }

        var namedSelector = positive ?? Selector.All;
        var namedProtocol = protocol ?? 0;
        return new EntityMatch
        {
            Nets = nets,
            NotNets = notNets,
            IpSets = ipSets,
            NotIpSets = notIpSets,
            Ports = ports,
            NotPorts = notPorts,
            NamedPortIpSets = new EquatableArray<string>(named.Select(n => AddNamedSet(namedSelector, namedProtocol, n))),
            NotNamedPortIpSets = new EquatableArray<string>(notNamed.Select(n => AddNamedSet(namedSelector, namedProtocol, n))),
        };
    }

    private bool CheckSelector(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (Selector.TryParse(text, out _, out var error))
        {
            return true;
        }

        errors.Add(field, error.Message);
        return false;
    }

    private EquatableArray<IPNetwork> Nets(IList<string>? texts, string field, bool rejectCatchAll)
    {
        if (texts is null || texts.Count == 0)
        {
            return default;
        }

        var result = new List<IPNetwork>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (!Cidr.TryParse(texts[i], out var net))
            {
                errors.Add($"{field}[{i}]", $"'{texts[i]}' is not an IP address or CIDR");
            }
            else if (rejectCatchAll && net.PrefixLength == 0)
            {
                errors.Add($"{field}[{i}]", $"'{texts[i]}' is a catch-all; notNets may not contain it");
            }
            else
            {
                result.Add(net);
            }
        }

        return new EquatableArray<IPNetwork>(result);
    }

    private (EquatableArray<PortRange> Ports, List<string> Named) Ports(IList<Port>? ports, byte? protocol, string field)
    {
        var named = new List<string>();
        if (ports is null || ports.Count == 0)
        {
            return (default, named);
        }

        var ranges = new List<PortRange>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.IsNamed)
            {
                if (string.IsNullOrEmpty(port.Name))
                {
                    errors.Add($"{field}[{i}]", "a port name may not be empty");
                }
                else
                {
                    named.Add(port.Name);
                }

                continue;
            }

            if (protocol is not { } p || !Protocols.HasPorts(p))
            {
                errors.Add($"{field}[{i}]", $"numeric port {port} needs protocol TCP, UDP or SCTP");
            }
            else if (port.MinPort is < 0 or > 65535 || port.MaxPort is < 0 or > 65535 || port.MinPort > port.MaxPort)
            {
                errors.Add($"{field}[{i}]", $"'{port}' is not a port 0-65535 or a range N:M with N <= M");
            }
            else
            {
                ranges.Add(new PortRange((ushort)port.MinPort, (ushort)port.MaxPort));
            }
        }

        return (new EquatableArray<PortRange>(ranges), named);
    }

    private string AddSet(Selector selector)
    {
        var id = selector.UniqueId;
        _sets.TryAdd(id, new IpSetDef(id, IpSetKind.Net, selector, 0, null));
        return id;
    }

    private string AddNamedSet(Selector selector, byte protocol, string name)
    {
        var id = NamedPortSetId(selector, protocol, name);
        _sets.TryAdd(id, new IpSetDef(id, IpSetKind.NetPort, selector, protocol, name));
        return id;
    }

    internal static string NamedPortSetId(Selector selector, byte protocol, string name)
    {
        var input = Encoding.UTF8.GetBytes($"n:{protocol}:{name}:{selector}");
        Span<byte> digest = stackalloc byte[32];
        Sha256.HashData(input, digest);
        return "n:" + Base64Url.EncodeToString(digest[..28]);
    }
}
