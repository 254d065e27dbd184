using Calico.Sdk.Resources;

namespace Calico.Sdk.Validation;

/// <summary>Checks of the Kubernetes <c>networking.k8s.io/v1</c> NetworkPolicy, as the Kubernetes API server applies them.</summary>
internal static class KubernetesPolicyRules
{
    public static void Validate(ValidationContext ctx, KubernetesNetworkPolicy policy)
    {
        var s = policy.Spec;
        LabelSelector(ctx, "spec.podSelector", s.PodSelector);
        if (s.PolicyTypes is not null)
        {
            ctx.MaxItems("spec.policyTypes", s.PolicyTypes, 2);
            ctx.NoDuplicates("spec.policyTypes", s.PolicyTypes);
            for (var i = 0; i < s.PolicyTypes.Count; i++)
            {
                ctx.OneOf(Paths.Index("spec.policyTypes", i), s.PolicyTypes[i], "Ingress", "Egress");
            }
        }

        for (var i = 0; s.Ingress is not null && i < s.Ingress.Count; i++)
        {
            var path = Paths.Index("spec.ingress", i);
            Ports(ctx, path + ".ports", s.Ingress[i].Ports);
            Peers(ctx, path + ".from", s.Ingress[i].From);
        }

        for (var i = 0; s.Egress is not null && i < s.Egress.Count; i++)
        {
            var path = Paths.Index("spec.egress", i);
            Ports(ctx, path + ".ports", s.Egress[i].Ports);
            Peers(ctx, path + ".to", s.Egress[i].To);
        }
    }

    private static void Peers(ValidationContext ctx, string path, IList<KubernetesNetworkPolicyPeer>? peers)
    {
        for (var i = 0; peers is not null && i < peers.Count; i++)
        {
            var p = Paths.Index(path, i);
            var peer = peers[i];
            var selectors = (peer.PodSelector is null ? 0 : 1) + (peer.NamespaceSelector is null ? 0 : 1);
            if (peer.IPBlock is { } block)
            {
                if (selectors > 0)
                {
                    ctx.Add(p, null, "ipBlock cannot be combined with podSelector or namespaceSelector");
                }

                IPBlock(ctx, p + ".ipBlock", block);
            }
            else if (selectors == 0)
            {
                ctx.Add(p, null, "a peer must set podSelector, namespaceSelector or ipBlock");
            }

            LabelSelector(ctx, p + ".podSelector", peer.PodSelector);
            LabelSelector(ctx, p + ".namespaceSelector", peer.NamespaceSelector);
        }
    }

    private static void IPBlock(ValidationContext ctx, string path, IPBlock block)
    {
        if (!ctx.Required(path + ".cidr", block.Cidr)
            || FieldRules.Cidr(ctx, path + ".cidr", block.Cidr, allowBareAddress: false, requireMasked: false) is not { } net)
        {
            return;
        }

        for (var i = 0; block.Except is not null && i < block.Except.Count; i++)
        {
            var p = Paths.Index(path + ".except", i);
            if (FieldRules.Cidr(ctx, p, block.Except[i], allowBareAddress: false, requireMasked: false) is { } except
                && (!net.Contains(except) || except.PrefixLength == net.PrefixLength))
            {
                ctx.Add(p, block.Except[i], $"must be a strict subset of {block.Cidr}");
            }
        }
    }

    private static void Ports(ValidationContext ctx, string path, IList<KubernetesNetworkPolicyPort>? ports)
    {
        for (var i = 0; ports is not null && i < ports.Count; i++)
        {
            var p = Paths.Index(path, i);
            var port = ports[i];
            ctx.OneOf(p + ".protocol", port.Protocol, "TCP", "UDP", "SCTP");
            if (port.Port is { } value)
            {
                if (value.IntValue is { } number)
                {
                    ctx.Range(p + ".port", number, 1, 65535);
                }
                else if (!NameRules.IsPortName(value.StringValue))
                {
                    ctx.Add(p + ".port", value.StringValue, "must be a port number or a valid port name");
                }
            }

            if (port.EndPort is { } end)
            {
                if (port.Port?.IntValue is not { } start)
                {
                    ctx.Add(p + ".endPort", end, "endPort requires a numeric port");
                }
                else if (end < start || end > 65535)
                {
                    ctx.Add(p + ".endPort", end, "endPort must be between port and 65535");
                }
            }
        }
    }

    private static void LabelSelector(ValidationContext ctx, string path, LabelSelector? selector)
    {
        if (selector is null)
        {
            return;
        }

        FieldRules.Labels(ctx, path + ".matchLabels", selector.MatchLabels);
        for (var i = 0; selector.MatchExpressions is not null && i < selector.MatchExpressions.Count; i++)
        {
            var p = Paths.Index(path + ".matchExpressions", i);
            var e = selector.MatchExpressions[i];
            if (ctx.Required(p + ".key", e.Key) && FieldRules.QualifiedName(e.Key!) is { } keyError)
            {
                ctx.Add(p + ".key", e.Key, "invalid label key: " + keyError);
            }

            if (ctx.Required(p + ".operator", e.Operator))
            {
                ctx.OneOf(p + ".operator", e.Operator, "In", "NotIn", "Exists", "DoesNotExist");
            }

            var hasValues = e.Values is { Count: > 0 };
            if (e.Operator is "In" or "NotIn" && !hasValues)
            {
                ctx.Add(p + ".values", null, $"operator {e.Operator} requires at least one value");
            }
            else if (e.Operator is "Exists" or "DoesNotExist" && hasValues)
            {
                ctx.Add(p + ".values", null, $"operator {e.Operator} takes no values");
            }

            for (var j = 0; e.Values is not null && j < e.Values.Count; j++)
            {
                if (!NameRules.IsLabelValue(e.Values[j]))
                {
                    ctx.Add(Paths.Index(p + ".values", j), e.Values[j], "invalid label value");
                }
            }
        }
    }
}
