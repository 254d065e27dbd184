using Calico.Sdk.Resources;

namespace Calico.Sdk.Tests.Validation;

/// <summary>Minimal valid resources of every kind, to be broken one field at a time by the tests.</summary>
internal static class Samples
{
    public static IPPool Pool(string cidr = "10.0.0.0/16") => new() { Metadata = { Name = "pool" }, Spec = { Cidr = cidr } };

    public static NetworkPolicy Policy(params Rule[] ingress) => new()
    {
        Metadata = { Name = "allow", Namespace = "web" },
        Spec = { Selector = "app == 'web'", Ingress = [.. ingress] },
    };

    public static GlobalNetworkPolicy GlobalPolicy() => new() { Metadata = { Name = "global" }, Spec = { Selector = "all()" } };

    public static Rule Allow() => new() { Action = "Allow" };

    public static Rule TcpTo(params Port[] ports) => new()
    {
        Action = "Allow",
        Protocol = ProtocolValue.Tcp,
        Destination = new EntityRule { Ports = [.. ports] },
    };

    public static IEnumerable<Resource> AllValid()
    {
        yield return Pool();
        yield return new IPReservation { Metadata = { Name = "r" }, Spec = { ReservedCidrs = ["10.0.0.1", "10.0.1.0/24"] } };
        yield return new IPAMBlock
        {
            Metadata = { Name = "10-0-0-0-30" },
            Spec = { Cidr = "10.0.0.0/30", Affinity = "host:n1", Allocations = [0, null, null, null], Unallocated = [1, 2, 3], Attributes = [new AllocationAttribute { HandleId = "h" }] },
        };
        yield return new BlockAffinity { Metadata = { Name = "n1-10-0-0-0-30" }, Spec = { Node = "n1", Cidr = "10.0.0.0/30", State = "confirmed" } };
        yield return new IPAMHandle { Metadata = { Name = "h" }, Spec = { HandleId = "h", Block = new Dictionary<string, int> { ["10.0.0.0/30"] = 1 } } };
        yield return new IPAMConfiguration { Metadata = { Name = "default" }, Spec = { StrictAffinity = true, MaxBlocksPerHost = 4 } };
        yield return new Node { Metadata = { Name = "n1" }, Spec = { Bgp = new NodeBgpSpec { IPv4Address = "192.0.2.1/24", AsNumber = new AsNumber(64512) } } };
        yield return new WorkloadEndpoint
        {
            Metadata = { Name = "n1-k8s-pod-eth0", Namespace = "web" },
            Spec = { Node = "n1", IpNetworks = ["10.0.0.1/32"], InterfaceName = "cali12345", Ports = [new WorkloadEndpointPort { Name = "http", Protocol = ProtocolValue.Tcp, Port = 80 }] },
        };
        yield return new HostEndpoint { Metadata = { Name = "n1-eth0" }, Spec = { Node = "n1", InterfaceName = "eth0" } };
        yield return Policy(TcpTo(Port.FromNumber(80)));
        yield return GlobalPolicy();
        yield return new StagedNetworkPolicy { Metadata = { Name = "s", Namespace = "web" }, Spec = { StagedAction = "Set" } };
        yield return new StagedGlobalNetworkPolicy { Metadata = { Name = "s" } };
        yield return new Tier { Metadata = { Name = "platform" }, Spec = { Order = 100, DefaultAction = "Pass" } };
        yield return new NetworkSet { Metadata = { Name = "s", Namespace = "web" }, Spec = { Nets = ["10.0.0.0/8"] } };
        yield return new GlobalNetworkSet { Metadata = { Name = "s" }, Spec = { Nets = ["fd00::/8"] } };
        yield return new Profile { Metadata = { Name = "kns.web" }, Spec = { Ingress = [Allow()], LabelsToApply = new Dictionary<string, string> { ["pcns.a"] = "b" } } };
        yield return new BGPPeer { Metadata = { Name = "p" }, Spec = { PeerIP = "192.0.2.254:179", AsNumber = new AsNumber(64513) } };
        yield return new BGPConfiguration { Metadata = { Name = "default" }, Spec = { AsNumber = new AsNumber(64512), NodeToNodeMeshEnabled = true } };
        yield return new BGPFilter { Metadata = { Name = "f" }, Spec = { ExportV4 = [new BGPFilterRule { Cidr = "10.0.0.0/8", MatchOperator = "In", Action = "Accept" }] } };
        yield return new FelixConfiguration { Metadata = { Name = "default" }, Spec = { LogSeverityScreen = "Info", VxlanVni = 4096 } };
        yield return new ClusterInformation { Metadata = { Name = "default" }, Spec = { ClusterGuid = "0123456789abcdef0123456789abcdef" } };
        yield return new KubeControllersConfiguration { Metadata = { Name = "default" }, Spec = { HealthChecks = "Enabled" } };
        yield return new KubernetesNetworkPolicy { Metadata = { Name = "k", Namespace = "web" }, Spec = { PodSelector = new LabelSelector() } };
    }
}
