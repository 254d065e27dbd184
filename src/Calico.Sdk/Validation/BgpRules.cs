using System.Globalization;
using System.Text.RegularExpressions;
using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of BGPPeer, BGPConfiguration and BGPFilter (§7 of the behaviour notes).</summary>
internal static partial class BgpRules
{
    public static void Validate(ValidationContext ctx, BGPPeer peer)
    {
        var s = peer.Spec;
        if (!string.IsNullOrEmpty(s.Node) && !string.IsNullOrEmpty(s.NodeSelector))
        {
            ctx.Add("spec.nodeSelector", s.NodeSelector, "node and nodeSelector cannot both be set");
        }

        FieldRules.Selector(ctx, "spec.nodeSelector", s.NodeSelector);
        FieldRules.Selector(ctx, "spec.peerSelector", s.PeerSelector);
        FieldRules.Selector(ctx, "spec.localWorkloadSelector", s.LocalWorkloadSelector);
        int? peerFamily = null;
        if (!string.IsNullOrEmpty(s.PeerIP))
        {
            peerFamily = PeerIPFamily(s.PeerIP);
            if (peerFamily is null)
            {
                ctx.Add("spec.peerIP", s.PeerIP, "peerIP must be IP, IPv4:port or [IPv6]:port");
            }

            if (!string.IsNullOrEmpty(s.PeerSelector))
            {
                ctx.Add("spec.peerSelector", s.PeerSelector, "peerIP and peerSelector cannot both be set");
            }
        }

        if (!string.IsNullOrEmpty(s.PeerSelector) && s.AsNumber is { Value: not 0 } asn)
        {
            ctx.Add("spec.asNumber", asn.Value, "asNumber must not be set with peerSelector (the remote node's AS number is used)");
        }

        if (!string.IsNullOrEmpty(s.LocalWorkloadSelector))
        {
            if (s.AsNumber is null)
            {
                ctx.Add("spec.asNumber", null, "localWorkloadSelector requires asNumber");
            }

            if (!string.IsNullOrEmpty(s.PeerIP) || !string.IsNullOrEmpty(s.PeerSelector))
            {
                ctx.Add("spec.localWorkloadSelector", s.LocalWorkloadSelector, "localWorkloadSelector cannot be combined with peerIP or peerSelector");
            }
        }

        if (s.KeepOriginalNextHop == true && !string.IsNullOrEmpty(s.NextHopMode))
        {
            ctx.Add("spec.nextHopMode", s.NextHopMode, "keepOriginalNextHop and nextHopMode cannot both be set");
        }

        ctx.OneOf("spec.nextHopMode", Empty(s.NextHopMode), "Auto", "Self", "Keep");
        ctx.OneOf("spec.sourceAddress", Empty(s.SourceAddress), "UseNodeIP", "None");
        ctx.OneOf("spec.reversePeering", Empty(s.ReversePeering), "Auto", "Manual");
        ctx.OneOf("spec.failureDetectionMode", Empty(s.FailureDetectionMode), "None", "BFDIfDirectlyConnected");
        ctx.OneOf("spec.restartMode", Empty(s.RestartMode), "GracefulRestart", "LongLivedGracefulRestart");
        ctx.OneOf("spec.birdGatewayMode", Empty(s.BirdGatewayMode), "Recursive", "DirectIfDirectlyConnected");
        FieldRules.Duration(ctx, "spec.maxRestartTime", s.MaxRestartTime);
        FieldRules.Duration(ctx, "spec.keepaliveTime", s.KeepaliveTime);
        ctx.Range("spec.ttlSecurity", s.TtlSecurity, 0, 255);
        ctx.Range("spec.numAllowedLocalASNumbers", s.NumAllowedLocalASNumbers, 0, 10);
        if (s.Password?.SecretKeyRef is { } secret)
        {
            ctx.Required("spec.password.secretKeyRef.name", secret.Name);
            ctx.Required("spec.password.secretKeyRef.key", secret.Key);
        }

        if (!string.IsNullOrEmpty(s.ReachableBy))
        {
            if (FieldRules.Address(ctx, "spec.reachableBy", s.ReachableBy))
            {
                var gatewayFamily = s.ReachableBy.Contains(':', StringComparison.Ordinal) ? 6 : 4;
                if (string.IsNullOrEmpty(s.PeerIP))
                {
                    ctx.Add("spec.reachableBy", s.ReachableBy, "reachableBy requires peerIP");
                }
                else if (peerFamily is { } pf && pf != gatewayFamily)
                {
                    ctx.Add("spec.reachableBy", s.ReachableBy, "reachableBy must be of the same IP version as peerIP");
                }
            }
        }

        for (var i = 0; s.Filters is not null && i < s.Filters.Count; i++)
        {
            if (!NameRules.IsDns1123Subdomain(s.Filters[i]))
            {
                ctx.Add(Paths.Index("spec.filters", i), s.Filters[i], "filter must be the name of a BGPFilter");
            }
        }
    }

    public static void Validate(ValidationContext ctx, BGPConfiguration config)
    {
        var s = config.Spec;
        ctx.OneOf("spec.logSeverityScreen", s.LogSeverityScreen, "Trace", "Debug", "Info", "Warning", "Error", "Fatal");
        if (config.Metadata.Name != "default")
        {
            GlobalOnly(ctx, "spec.nodeToNodeMeshEnabled", s.NodeToNodeMeshEnabled is not null);
            GlobalOnly(ctx, "spec.asNumber", s.AsNumber is not null);
            GlobalOnly(ctx, "spec.serviceLoadBalancerIPs", s.ServiceLoadBalancerIPs is { Count: > 0 });
            GlobalOnly(ctx, "spec.nodeMeshPassword", s.NodeMeshPassword is not null);
            GlobalOnly(ctx, "spec.nodeMeshMaxRestartTime", s.NodeMeshMaxRestartTime is not null);
        }

        if (s.NodeToNodeMeshEnabled == false && (s.NodeMeshPassword is not null || s.NodeMeshMaxRestartTime is not null))
        {
            ctx.Add("spec.nodeToNodeMeshEnabled", "false", "nodeMeshPassword and nodeMeshMaxRestartTime require the node-to-node mesh");
        }

        ServiceBlocks(ctx, "spec.serviceClusterIPs", s.ServiceClusterIPs?.Select(b => b.Cidr).ToList());
        ServiceBlocks(ctx, "spec.serviceExternalIPs", s.ServiceExternalIPs?.Select(b => b.Cidr).ToList());
        ServiceBlocks(ctx, "spec.serviceLoadBalancerIPs", s.ServiceLoadBalancerIPs?.Select(b => b.Cidr).ToList());
        ctx.Range("spec.listenPort", s.ListenPort, 1, 65535);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; s.Communities is not null && i < s.Communities.Count; i++)
        {
            var path = Paths.Index("spec.communities", i);
            var community = s.Communities[i];
            if (ctx.Required(path + ".name", community.Name) && !names.Add(community.Name!))
            {
                ctx.Add(path + ".name", community.Name, "duplicate community name");
            }

            if (ctx.Required(path + ".value", community.Value) && !IsCommunity(community.Value!))
            {
                ctx.Add(path + ".value", community.Value, "community must be aa:nn (16-bit parts) or aa:nn:mm (32-bit parts)");
            }
        }

        for (var i = 0; s.PrefixAdvertisements is not null && i < s.PrefixAdvertisements.Count; i++)
        {
            var path = Paths.Index("spec.prefixAdvertisements", i);
            var advertisement = s.PrefixAdvertisements[i];
            if (ctx.Required(path + ".cidr", advertisement.Cidr))
            {
                FieldRules.Cidr(ctx, path + ".cidr", advertisement.Cidr, allowBareAddress: false, requireMasked: false);
            }

            for (var j = 0; advertisement.Communities is not null && j < advertisement.Communities.Count; j++)
            {
                var c = advertisement.Communities[j];
                if (!names.Contains(c) && !IsCommunity(c))
                {
                    ctx.Add(Paths.Index(path + ".communities", j), c, "must be the name of a community in spec.communities or a community value");
                }
            }
        }

        ctx.OneOf("spec.bindMode", Empty(s.BindMode), "None", "NodeIP");
        for (var i = 0; s.IgnoredInterfaces is not null && i < s.IgnoredInterfaces.Count; i++)
        {
            if (!InterfacePattern().IsMatch(s.IgnoredInterfaces[i]))
            {
                ctx.Add(Paths.Index("spec.ignoredInterfaces", i), s.IgnoredInterfaces[i], "must be an interface name or pattern of at most 15 characters ('*' allowed)");
            }
        }

        FieldRules.Duration(ctx, "spec.nodeMeshMaxRestartTime", s.NodeMeshMaxRestartTime);
        FieldRules.Address(ctx, "spec.localWorkloadPeeringIPV4", s.LocalWorkloadPeeringIPV4, 4);
        FieldRules.Address(ctx, "spec.localWorkloadPeeringIPV6", s.LocalWorkloadPeeringIPV6, 6);
        ctx.OneOf("spec.serviceLoadBalancerAggregation", Empty(s.ServiceLoadBalancerAggregation), "Enabled", "Disabled");
        ctx.Range("spec.ipv4NormalRoutePriority", s.Ipv4NormalRoutePriority, 1, 2147483646);
        ctx.Range("spec.ipv6NormalRoutePriority", s.Ipv6NormalRoutePriority, 1, 2147483646);
    }

    public static void Validate(ValidationContext ctx, BGPFilter filter)
    {
        var s = filter.Spec;
        FilterRules(ctx, "spec.exportV4", s.ExportV4, 4);
        FilterRules(ctx, "spec.importV4", s.ImportV4, 4);
        FilterRules(ctx, "spec.exportV6", s.ExportV6, 6);
        FilterRules(ctx, "spec.importV6", s.ImportV6, 6);
    }

    private static void FilterRules(ValidationContext ctx, string path, IList<BGPFilterRule>? rules, int version)
    {
        for (var i = 0; rules is not null && i < rules.Count; i++)
        {
            var p = Paths.Index(path, i);
            var rule = rules[i];
            var bits = version == 4 ? 32 : 128;
            if (!string.IsNullOrEmpty(rule.Cidr)
                && FieldRules.Cidr(ctx, p + ".cidr", rule.Cidr, allowBareAddress: false, requireMasked: false) is { } net
                && net.Version != version)
            {
                ctx.Add(p + ".cidr", rule.Cidr, $"must be an IPv{version} CIDR in an IPv{version} rule list");
            }

            if (string.IsNullOrEmpty(rule.Cidr) != string.IsNullOrEmpty(rule.MatchOperator))
            {
                ctx.Add(p + ".matchOperator", rule.MatchOperator, "cidr and matchOperator must both be set or both be empty");
            }

            ctx.OneOf(p + ".matchOperator", Empty(rule.MatchOperator), "Equal", "NotEqual", "In", "NotIn");
            if (rule.PrefixLength is { } length)
            {
                if (string.IsNullOrEmpty(rule.Cidr))
                {
                    ctx.Add(p + ".prefixLength", null, "cidr is required when prefixLength is set");
                }

                ctx.Range(p + ".prefixLength.min", length.Min, 0, bits);
                ctx.Range(p + ".prefixLength.max", length.Max, 0, bits);
                if (length.Min > length.Max)
                {
                    ctx.Add(p + ".prefixLength.min", length.Min!.Value, "min must not be greater than max");
                }
            }

            ctx.OneOf(p + ".source", Empty(rule.Source), "RemotePeers");
            ctx.OneOf(p + ".peerType", Empty(rule.PeerType), "eBGP", "iBGP");
            if (rule.Interface is { Length: > 0 } iface && !InterfacePattern().IsMatch(iface))
            {
                ctx.Add(p + ".interface", iface, "must be an interface name or pattern of at most 15 characters ('*' allowed)");
            }

            if (rule.Communities is { } communities)
            {
                if (communities.Values is not { Count: 1 })
                {
                    ctx.Add(p + ".communities.values", null, "exactly one community value is supported");
                }

                for (var j = 0; communities.Values is not null && j < communities.Values.Count; j++)
                {
                    if (!IsCommunity(communities.Values[j]))
                    {
                        ctx.Add(Paths.Index(p + ".communities.values", j), communities.Values[j], "community must be aa:nn or aa:nn:mm");
                    }
                }
            }

            ctx.Range(p + ".priority", rule.Priority, 1, 2147483646);
            if (ctx.Required(p + ".action", rule.Action))
            {
                ctx.OneOf(p + ".action", rule.Action, "Accept", "Reject");
            }

            Operations(ctx, p, rule);
        }
    }

    private static void Operations(ValidationContext ctx, string p, BGPFilterRule rule)
    {
        if (rule.Operations is not { } operations)
        {
            return;
        }

        ctx.MaxItems(p + ".operations", operations, 10);
        if (operations.Count > 0 && rule.Action != "Accept")
        {
            ctx.Add(p + ".operations", null, "operations may only be used with action Accept");
        }

        for (var j = 0; j < operations.Count; j++)
        {
            var op = operations[j];
            var opPath = Paths.Index(p + ".operations", j);
            var set = (op.AddCommunity is null ? 0 : 1) + (op.PrependAsPath is null ? 0 : 1) + (op.SetPriority is null ? 0 : 1);
            if (set != 1)
            {
                ctx.Add(opPath, null, "exactly one operation must be set");
            }

            if (op.AddCommunity is { } add && (add.Value is null || !IsCommunity(add.Value)))
            {
                ctx.Add(opPath + ".addCommunity.value", add.Value, "community must be aa:nn or aa:nn:mm");
            }

            if (op.PrependAsPath is { } prepend && prepend.Prefix is not { Count: > 0 })
            {
                ctx.Add(opPath + ".prependASPath.prefix", null, "at least one AS number is required");
            }

            if (op.SetPriority is { } priority)
            {
                if (priority.Value is null)
                {
                    ctx.Add(opPath + ".setPriority.value", null, "required field is missing");
                }

                ctx.Range(opPath + ".setPriority.value", priority.Value, 1, 2147483646);
            }
        }
    }

    private static void GlobalOnly(ValidationContext ctx, string path, bool set)
    {
        if (set)
        {
            ctx.Add(path, null, "may only be set in the global (\"default\") BGPConfiguration");
        }
    }

    private static void ServiceBlocks(ValidationContext ctx, string path, List<string?>? cidrs)
    {
        for (var i = 0; cidrs is not null && i < cidrs.Count; i++)
        {
            var p = Paths.Index(path, i) + ".cidr";
            if (ctx.Required(p, cidrs[i]))
            {
                FieldRules.Cidr(ctx, p, cidrs[i], allowBareAddress: false, requireMasked: false);
            }
        }
    }

    /// <summary>The address family of a peerIP (<c>IP</c>, <c>IPv4:port</c>, <c>[IPv6]:port</c>), or null when malformed.</summary>
    private static int? PeerIPFamily(string peerIP)
    {
        if (IPNet.TryParseAddress(peerIP, out var bare))
        {
            return bare.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 6;
        }

        string host, port;
        if (peerIP.StartsWith('['))
        {
            var close = peerIP.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            host = peerIP[1..close];
            port = peerIP[(close + 2)..];
        }
        else
        {
            var colon = peerIP.LastIndexOf(':');
            if (colon < 0)
            {
                return null;
            }

            host = peerIP[..colon];
            port = peerIP[(colon + 1)..];
        }

        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p == 0
            || !IPNet.TryParseAddress(host, out var address))
        {
            return null;
        }

        var v4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        if (v4 == peerIP.StartsWith('['))
        {
            return null; // IPv4 must not be bracketed; IPv6 with a port must be.
        }

        return v4 ? 4 : 6;
    }

    private static bool IsCommunity(string value)
    {
        var parts = value.Split(':');
        if (parts.Length == 2)
        {
            return parts.All(p => ushort.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        }

        return parts.Length == 3 && parts.All(p => uint.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _));
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    [GeneratedRegex(@"^[a-zA-Z0-9_.*\-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfacePattern();
}
