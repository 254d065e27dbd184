using System.Globalization;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of policy and profile rules (§3.3 of the behaviour notes).</summary>
internal static class RuleRules
{
    public const int MaxRules = 1024;
    private const int MaxNets = 256;
    private const int MaxPorts = 50;
    private const int MaxHttpEntries = 20;

    /// <summary>Checks a rule list.</summary>
    /// <param name="ctx">Where errors go.</param>
    /// <param name="path">The list's path, e.g. <c>spec.ingress</c>.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="ingress">Whether these are ingress rules.</param>
    /// <param name="global">Whether the owner is cluster-scoped (service namespaces are then required).</param>
    public static void ValidateRules(ValidationContext ctx, string path, IList<Rule>? rules, bool ingress, bool global)
    {
        if (rules is null)
        {
            return;
        }

        ctx.MaxItems(path, rules, MaxRules);
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = Paths.Index(path, i);
            if (rules[i] is null)
            {
                ctx.Add(rulePath, null, "rule must not be null");
                continue;
            }

            ValidateRule(ctx, rulePath, rules[i], ingress, global);
        }
    }

    private static void ValidateRule(ValidationContext ctx, string path, Rule rule, bool ingress, bool global)
    {
        if (ctx.Required(path + ".action", rule.Action))
        {
            ctx.OneOf(path + ".action", rule.Action, "Allow", "Deny", "Log", "Pass");
        }

        if (rule.IpVersion is { } v && v is not (4 or 6))
        {
            ctx.Add(path + ".ipVersion", v, "must be 4 or 6");
        }

        FieldRules.Protocol(ctx, path + ".protocol", rule.Protocol);
        FieldRules.Protocol(ctx, path + ".notProtocol", rule.NotProtocol);
        var protocol = rule.Protocol?.ToNumber();
        Icmp(ctx, path + ".icmp", rule.Icmp, rule, protocol);
        Icmp(ctx, path + ".notICMP", rule.NotIcmp, rule, protocol);
        if (protocol == 1 && rule.IpVersion == 6)
        {
            ctx.Add(path + ".protocol", rule.Protocol.ToString(), "protocol ICMP requires ipVersion 4");
        }
        else if (protocol == 58 && rule.IpVersion == 4)
        {
            ctx.Add(path + ".protocol", rule.Protocol.ToString(), "protocol ICMPv6 requires ipVersion 6");
        }

        var family = rule.IpVersion;
        family = Entity(ctx, path + ".source", rule.Source, rule, family, servicesAllowed: ingress, isDestination: false, global);
        Entity(ctx, path + ".destination", rule.Destination, rule, family, servicesAllowed: !ingress, isDestination: true, global);
        Http(ctx, path + ".http", rule);
    }

    private static void Icmp(ValidationContext ctx, string path, IcmpFields? icmp, Rule rule, int? protocol)
    {
        if (icmp is null)
        {
            return;
        }

        ctx.Range(path + ".type", icmp.Type, 0, 254);
        ctx.Range(path + ".code", icmp.Code, 0, 255);
        if (icmp.Code is not null && icmp.Type is null)
        {
            ctx.Add(path + ".code", icmp.Code.Value, "ICMP code requires an ICMP type");
        }

        if (protocol is not (1 or 58))
        {
            ctx.Add(path, null, $"ICMP match requires protocol ICMP or ICMPv6 (protocol is {rule.Protocol?.ToString() ?? "unset"})");
        }
    }

    private static int? Entity(ValidationContext ctx, string path, EntityRule? entity, Rule rule, int? family, bool servicesAllowed, bool isDestination, bool global)
    {
        if (entity is null)
        {
            return family;
        }

        ctx.MaxItems(path + ".nets", entity.Nets, MaxNets);
        ctx.MaxItems(path + ".notNets", entity.NotNets, MaxNets);
        family = NetFamily(ctx, path + ".nets", entity.Nets, family, rejectCatchAll: false);
        family = NetFamily(ctx, path + ".notNets", entity.NotNets, family, rejectCatchAll: true);
        FieldRules.Selector(ctx, path + ".selector", entity.Selector);
        FieldRules.Selector(ctx, path + ".notSelector", entity.NotSelector);
        FieldRules.Selector(ctx, path + ".namespaceSelector", entity.NamespaceSelector, allowGlobal: true);
        Ports(ctx, path + ".ports", entity.Ports, rule);
        Ports(ctx, path + ".notPorts", entity.NotPorts, rule);
        if (entity.ServiceAccounts is { } sa)
        {
            FieldRules.Selector(ctx, path + ".serviceAccounts.selector", sa.Selector);
            for (var i = 0; sa.Names is not null && i < sa.Names.Count; i++)
            {
                if (string.IsNullOrEmpty(sa.Names[i]))
                {
                    ctx.Add(Paths.Index(path + ".serviceAccounts.names", i), sa.Names[i], "service account name must not be empty");
                }
            }
        }

        if (entity.Services is { } services)
        {
            Services(ctx, path, entity, services, servicesAllowed, isDestination, global);
        }

        return family;
    }

    private static void Services(ValidationContext ctx, string path, EntityRule entity, ServiceMatch services, bool allowed, bool isDestination, bool global)
    {
        var servicesPath = path + ".services";
        if (!allowed)
        {
            ctx.Add(servicesPath, services.Name, isDestination
                ? "services may only be used in the destination of egress rules or the source of ingress rules"
                : "services may only be used in the source of ingress rules or the destination of egress rules");
        }

        ctx.Required(servicesPath + ".name", services.Name);
        if (global && string.IsNullOrEmpty(services.Namespace))
        {
            ctx.Add(servicesPath + ".namespace", null, "a service match in a global policy requires a namespace");
        }

        if (!string.IsNullOrEmpty(entity.Selector) || !string.IsNullOrEmpty(entity.NotSelector)
            || !string.IsNullOrEmpty(entity.NamespaceSelector) || entity.Nets is { Count: > 0 }
            || entity.NotNets is { Count: > 0 } || entity.ServiceAccounts is not null)
        {
            ctx.Add(servicesPath, services.Name, "services cannot be combined with selector, notSelector, namespaceSelector, nets, notNets or serviceAccounts");
        }

        if (isDestination && (entity.Ports is { Count: > 0 } || entity.NotPorts is { Count: > 0 }))
        {
            ctx.Add(servicesPath, services.Name, "ports and notPorts cannot be used with a destination service match");
        }
    }

    private static int? NetFamily(ValidationContext ctx, string path, IList<string>? nets, int? family, bool rejectCatchAll)
    {
        for (var i = 0; nets is not null && i < nets.Count; i++)
        {
            var itemPath = Paths.Index(path, i);
            if (FieldRules.Cidr(ctx, itemPath, nets[i], allowBareAddress: true, requireMasked: false) is not { } net)
            {
                continue;
            }

            if (family is { } f && f != net.Version)
            {
                ctx.Add(itemPath, nets[i], string.Create(CultureInfo.InvariantCulture, $"IPv{net.Version} CIDR conflicts with the rule's IP version {f}"));
            }

            family ??= net.Version;
            if (rejectCatchAll && net.PrefixLength == 0)
            {
                ctx.Add(itemPath, nets[i], "notNets must not contain a catch-all CIDR (it would match nothing)");
            }
        }

        return family;
    }

    private static void Ports(ValidationContext ctx, string path, IList<Port>? ports, Rule rule)
    {
        if (ports is null)
        {
            return;
        }

        ctx.MaxItems(path, ports, MaxPorts);
        var protocol = rule.Protocol?.ToNumber();
        for (var i = 0; i < ports.Count; i++)
        {
            var itemPath = Paths.Index(path, i);
            FieldRules.PortValue(ctx, itemPath, ports[i]);
            if (!ports[i].IsNamed && protocol is not (6 or 17 or 132))
            {
                ctx.Add(itemPath, ports[i].ToString(), "numeric ports require protocol TCP, UDP or SCTP");
            }
        }
    }

    private static void Http(ValidationContext ctx, string path, Rule rule)
    {
        if (rule.Http is not { } http)
        {
            return;
        }

        ctx.MaxItems(path + ".methods", http.Methods, MaxHttpEntries);
        ctx.MaxItems(path + ".paths", http.Paths, MaxHttpEntries);
        for (var i = 0; http.Paths is not null && i < http.Paths.Count; i++)
        {
            var p = http.Paths[i];
            if (p is null || (p.Exact is null) == (p.Prefix is null))
            {
                ctx.Add(Paths.Index(path + ".paths", i), null, "an HTTP path must set exactly one of exact or prefix");
            }
        }

        if (rule.Action != "Allow")
        {
            ctx.Add(path, null, "HTTP matches are only allowed on Allow rules");
        }

        if (rule.Protocol is { } protocol && protocol.ToNumber() != 6)
        {
            ctx.Add(path, null, "HTTP matches require protocol TCP or no protocol");
        }
    }
}
