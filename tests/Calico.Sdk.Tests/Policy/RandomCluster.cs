using Calico.Sdk.Policy;
using Calico.Sdk.Resources;
using static Calico.Sdk.Tests.Policy.Res;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Generates random but valid versions of a small universe of objects, for the differential test.</summary>
internal sealed class RandomCluster(Random random)
{
    private static readonly string[] Selectors = ["app == 'a'", "role == 'x'", "all()", "has(app)", "app in {'a', 'b'}", "", "!has(role)", "kind == 'ext'"];
    private static readonly string[] NamespaceSelectors = ["env == 'a'", "all()", "global()", "team == 't1'"];
    private static readonly string[] Tiers = ["default", "t1", "t2", "missing"];

    public List<(PolicyInputKind Kind, string? Ns, string Name)> Keys { get; } = BuildKeys();

    public Resource Make((PolicyInputKind Kind, string? Ns, string Name) key) => key.Kind switch
    {
        PolicyInputKind.WorkloadEndpoint => Workload(key.Ns!, key.Name),
        PolicyInputKind.HostEndpoint => HostEp(key.Name),
        PolicyInputKind.NetworkSet => NetSet(key.Ns!, key.Name),
        PolicyInputKind.GlobalNetworkSet => GlobalSet(key.Name),
        PolicyInputKind.Tier => Tier(key.Name, Pick<double?>(null, 5, 10, 10), Pick("Deny", "Pass")),
        PolicyInputKind.Profile => ProfileRes(key.Name),
        PolicyInputKind.KubernetesNetworkPolicy => Kubernetes(key.Ns!, key.Name),
        _ => Calico(key.Kind, key.Ns, key.Name),
    };

    private static List<(PolicyInputKind, string?, string)> BuildKeys()
    {
        var keys = new List<(PolicyInputKind, string?, string)>();
        for (var i = 0; i < 12; i++)
        {
            keys.Add((PolicyInputKind.WorkloadEndpoint, "n" + (i % 3), "e" + i));
        }

        keys.Add((PolicyInputKind.HostEndpoint, null, "h0"));
        keys.Add((PolicyInputKind.HostEndpoint, null, "h1"));
        keys.Add((PolicyInputKind.NetworkSet, "n0", "s0"));
        keys.Add((PolicyInputKind.NetworkSet, "n1", "s1"));
        keys.Add((PolicyInputKind.GlobalNetworkSet, null, "g0"));
        keys.Add((PolicyInputKind.Tier, null, "t1"));
        keys.Add((PolicyInputKind.Tier, null, "t2"));
        keys.Add((PolicyInputKind.Tier, null, "default"));
        foreach (var p in new[] { "kns.n0", "kns.n1", "kns.n2", "extra" })
        {
            keys.Add((PolicyInputKind.Profile, null, p));
        }

        keys.Add((PolicyInputKind.NetworkPolicy, "n0", "np0"));
        keys.Add((PolicyInputKind.NetworkPolicy, "n1", "np1"));
        keys.Add((PolicyInputKind.GlobalNetworkPolicy, null, "gnp0"));
        keys.Add((PolicyInputKind.GlobalNetworkPolicy, null, "gnp1"));
        keys.Add((PolicyInputKind.GlobalNetworkPolicy, null, "gnp2"));
        keys.Add((PolicyInputKind.StagedNetworkPolicy, "n2", "snp0"));
        keys.Add((PolicyInputKind.StagedGlobalNetworkPolicy, null, "sgnp0"));
        keys.Add((PolicyInputKind.KubernetesNetworkPolicy, "n0", "k0"));
        keys.Add((PolicyInputKind.KubernetesNetworkPolicy, "n2", "k1"));
        return keys;
    }

    private T Pick<T>(params T[] values) => values[random.Next(values.Length)];

    private bool Coin(int percent = 50) => random.Next(100) < percent;

    private Dictionary<string, string> RandomLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Coin(70))
        {
            labels["app"] = Pick("a", "b", "c");
        }

        if (Coin())
        {
            labels["role"] = Pick("x", "y");
        }

        if (Coin(20))
        {
            labels["kind"] = "ext";
        }

        return labels;
    }

    private WorkloadEndpoint Workload(string ns, string name)
    {
        var i = int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
        var profiles = new List<string> { "kns." + ns };
        if (Coin(30))
        {
            profiles.Add("extra");
        }

        if (Coin(10))
        {
            profiles.Add("ghost");
        }

        var ip = Coin(85) ? $"10.0.{ns[1]}.{i + 1}" : $"10.9.{ns[1]}.{i + 1}";
        var wep = Wep(ns, name, ip, RandomLabels(), [.. profiles], node: Pick("node1", "node1", "node2"));
        if (Coin(60))
        {
            wep.WithPort("http", "TCP", Pick(80, 8080));
        }

        if (Coin(30))
        {
            wep.WithPort("dns", "UDP", 53);
        }

        wep.Metadata.ResourceVersion = random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return wep;
    }

    private HostEndpoint HostEp(string name)
    {
        var hep = Hep(name, "eth" + name[1], "172.18.0." + (name[1] - '0' + 2), RandomLabels(), Coin() ? ["extra"] : []);
        if (Coin(30))
        {
            hep.Spec.Ports = [new EndpointPort { Name = "http", Protocol = ProtocolValue.Tcp, Port = 80 }];
        }

        return hep;
    }

    private NetworkSet NetSet(string ns, string name)
    {
        var set = new NetworkSet { Metadata = { Namespace = ns, Name = name, Labels = RandomLabels() } };
        set.Spec.Nets = [Pick("192.0.2.0/24", "10.0.0.0/16", "198.51.100.7/32")];
        return set;
    }

    private GlobalNetworkSet GlobalSet(string name)
    {
        var set = new GlobalNetworkSet { Metadata = { Name = name, Labels = RandomLabels() } };
        set.Spec.Nets = [Pick("203.0.113.0/24", "10.0.1.0/24")];
        return set;
    }

    private Profile ProfileRes(string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (name.StartsWith("kns.", StringComparison.Ordinal))
        {
            labels["pcns.projectcalico.org/name"] = name[4..];
            labels["pcns.env"] = Pick("a", "b");
            if (Coin())
            {
                labels["pcns.team"] = Pick("t1", "t2");
            }
        }
        else if (Coin(70))
        {
            labels["role"] = Pick("x", "y");
        }

        return Profile(name, labels, RandomRules(true), RandomRules(true));
    }

    private Resource Calico(PolicyInputKind kind, string? ns, string name)
    {
        var tier = Pick(Tiers);
        var order = Pick<double?>(null, 1, 2, 2);
        var selector = Pick(Selectors);
        var types = Coin(30) ? null : Pick<string[]>(["Ingress"], ["Egress"], ["Ingress", "Egress"]);
        var ingress = RandomRules(false);
        var egress = RandomRules(false);
        switch (kind)
        {
            case PolicyInputKind.NetworkPolicy:
                return Np(ns!, name, selector, ingress, egress, types, order, tier);
            case PolicyInputKind.StagedNetworkPolicy:
                var snp = new StagedNetworkPolicy { Metadata = { Namespace = ns, Name = name } };
                (snp.Spec.Selector, snp.Spec.Ingress, snp.Spec.Egress, snp.Spec.Types, snp.Spec.Order, snp.Spec.Tier) = (selector, ingress, egress, types, order, tier);
                return snp;
            case PolicyInputKind.StagedGlobalNetworkPolicy:
                var sgnp = new StagedGlobalNetworkPolicy { Metadata = { Name = name } };
                (sgnp.Spec.Selector, sgnp.Spec.Ingress, sgnp.Spec.Egress, sgnp.Spec.Types, sgnp.Spec.Order, sgnp.Spec.Tier) = (selector, ingress, egress, types, order, tier);
                return sgnp;
            default:
                var gnp = Gnp(name, selector, ingress, egress, types, order, tier, Coin(30) ? Pick("env == 'a'", "all()", "team == 't1'") : null);
                var flag = random.Next(5);
                if (flag == 1)
                {
                    gnp.Spec.ApplyOnForward = true;
                }
                else if (flag == 2)
                {
                    gnp.Spec.ApplyOnForward = true;
                    gnp.Spec.DoNotTrack = true;
                }
                else if (flag == 3)
                {
                    (gnp.Spec.ApplyOnForward, gnp.Spec.PreDNAT, gnp.Spec.Egress, gnp.Spec.Types) = (true, true, null, ["Ingress"]);
                }

                return gnp;
        }
    }

    private Rule[] RandomRules(bool profile)
    {
        var count = random.Next(profile ? 2 : 4);
        var rules = new Rule[count];
        for (var i = 0; i < count; i++)
        {
            var protocol = Pick<string?>(null, "TCP", "UDP");
            rules[i] = new Rule
            {
                Action = Pick("Allow", "Deny", "Pass", "Log", "Allow"),
                Protocol = protocol is null ? null : ProtocolValue.FromName(protocol),
                Source = RandomEntity(protocol is not null),
                Destination = RandomEntity(protocol is not null),
            };
        }

        return rules;
    }

    private EntityRule? RandomEntity(bool numericPortsAllowed)
    {
        var entity = new EntityRule();
        var any = false;
        if (Coin(40))
        {
            entity.Selector = Pick(Selectors);
            any = true;
        }

        if (Coin(20))
        {
            entity.NamespaceSelector = Pick(NamespaceSelectors);
            any = true;
        }

        if (Coin(15))
        {
            entity.NotSelector = Pick("role == 'y'", "app == 'c'");
            any = true;
        }

        if (Coin(15))
        {
            entity.Nets = [Pick("10.0.0.0/16", "172.18.0.0/24", "192.0.2.0/24")];
            any = true;
        }

        if (Coin(10))
        {
            entity.NotNets = ["10.0.2.0/24"];
            any = true;
        }

        if (Coin(30))
        {
            entity.Ports = numericPortsAllowed ? [Port.Parse(Pick("80", "53", "80:90", "http"))] : [Port.FromName(Pick("http", "dns"))];
            any = true;
        }

        if (Coin(10))
        {
            entity.ServiceAccounts = new ServiceAccountMatch { Names = ["default"] };
            any = true;
        }

        return any ? entity : null;
    }

    private KubernetesNetworkPolicy Kubernetes(string ns, string name)
    {
        var knp = new KubernetesNetworkPolicy { Metadata = { Namespace = ns, Name = name } };
        knp.Spec.PodSelector = Coin() ? new LabelSelector() : new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = Pick("a", "b") } };
        KubernetesNetworkPolicyPeer Peer() => random.Next(3) switch
        {
            0 => new KubernetesNetworkPolicyPeer { PodSelector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "x" } } },
            1 => new KubernetesNetworkPolicyPeer { NamespaceSelector = Coin() ? new LabelSelector() : new LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "a" } } },
            _ => new KubernetesNetworkPolicyPeer { IPBlock = new IPBlock { Cidr = "10.0.0.0/16", Except = Coin() ? ["10.0.1.0/24"] : null } },
        };
        List<KubernetesNetworkPolicyPort>? Ports() => Coin() ? null :
        [
            new KubernetesNetworkPolicyPort { Port = Coin() ? IntOrString.FromInt(80) : IntOrString.FromString("http"), Protocol = Pick<string?>(null, "TCP", "UDP") },
        ];
        if (Coin(70))
        {
            knp.Spec.Ingress = [new KubernetesNetworkPolicyIngressRule { From = Coin() ? [Peer(), Peer()] : null, Ports = Ports() }];
        }

        if (Coin(40))
        {
            knp.Spec.Egress = [new KubernetesNetworkPolicyEgressRule { To = [Peer()], Ports = Ports() }];
        }

        if (Coin(30))
        {
            knp.Spec.PolicyTypes = ["Ingress", "Egress"];
        }

        return knp;
    }
}
