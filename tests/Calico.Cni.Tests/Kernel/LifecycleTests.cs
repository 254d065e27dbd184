using System.Net;
using System.Text.Json.Nodes;
using Calico.Cni.Tests.Harness;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <summary>ADD, CHECK, DEL of the calico plugin in fresh namespaces with the stand-in agent.</summary>
public sealed class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_builds_the_pod_network_writes_the_endpoint_and_returns_once_programmed()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var pod = node.NewPod("a");
        var a = new Attachment("ctr-a", pod, Args: "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1;K8S_POD_SERVICE_ACCOUNT=robot")
        {
            Capabilities = { ["labels"] = new JsonObject { ["app"] = "web", ["projectcalico.org/namespace"] = "evil", ["pcns.x"] = "y" } },
        };
        var add = await node.Driver.AddAsync(net, a);
        Assert.True(add.Succeeded, add.ToString());
        var result = add.Json();
        Assert.Equal("1.1.0", result.GetProperty("cniVersion").GetString());
        var address = result.GetProperty("ips")[0].GetProperty("address").GetString()!;
        Assert.EndsWith("/32", address, StringComparison.Ordinal);
        var ip = IPAddress.Parse(address[..^3]);
        Assert.True(IPNetwork.Parse(CniNode.PoolCidr).Contains(ip), address);
        var hostIf = WorkloadPlumbing.HostInterfaceName("default.web-1");
        Assert.Equal(hostIf, result.GetProperty("interfaces")[0].GetProperty("name").GetString());
        Assert.Equal("eth0", result.GetProperty("interfaces")[1].GetProperty("name").GetString());
        Assert.Equal(pod, result.GetProperty("interfaces")[1].GetProperty("sandbox").GetString());

        // Kernel: the pod's /32, its default route via 169.254.1.1, the host end with proxy ARP.
        using (var podNs = NetworkNamespace.Open(pod))
        {
            Assert.Empty(WorkloadCheck.Inspect(node.Node, podNs, hostIf, "eth0", [ip]));
        }

        Assert.Equal("1", Sysctl.Read($"net/ipv4/conf/{hostIf}/proxy_arp", node.Node).Trim());

        // The endpoint: identity, reserved labels stripped, profiles, and the agent's status for its revision.
        var wep = Assert.IsType<WorkloadEndpoint>(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-k8s-web--1-eth0", Ct));
        Assert.Equal("default", wep.Metadata.Labels!["projectcalico.org/namespace"]);
        Assert.Equal("k8s", wep.Metadata.Labels["projectcalico.org/orchestrator"]);
        Assert.Equal("robot", wep.Metadata.Labels["projectcalico.org/serviceaccount"]);
        Assert.Equal("web", wep.Metadata.Labels["app"]);
        Assert.False(wep.Metadata.Labels.ContainsKey("pcns.x"));
        Assert.Equal(["kns.default", "ksa.default.robot"], wep.Spec.Profiles);
        Assert.Equal([ip + "/32"], wep.Spec.IpNetworks);
        Assert.Equal("ctr-a", wep.Spec.ContainerId);
        Assert.Equal(hostIf, wep.Spec.InterfaceName);
        var held = await new CalicoIpam(node.Store).GetAssignmentsAsync("net1.ctr-a", Ct);
        Assert.Equal([ip], held);

        var check = await node.Driver.CheckAsync(net, a);
        Assert.True(check.Succeeded, check.ToString());

        var del = await node.Driver.DelAsync(net, a);
        Assert.True(del.Succeeded, del.ToString());
        Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-k8s-web--1-eth0", Ct));
        Assert.Empty(await new CalicoIpam(node.Store).GetAssignmentsAsync("net1.ctr-a", Ct));
        using (var links = NetlinkRoute.Open(node.Node))
        {
            Assert.Null(links.GetLink(hostIf));
        }

        // DEL again, and DEL after the pod's namespace is gone: both succeed.
        Assert.True((await node.Driver.DelAsync(net, a)).Succeeded);
        node.DeletePod(pod);
        var late = await node.Driver.ExecAsync("calico", "DEL", a, ConfText(net));
        Assert.True(late.Succeeded, late.ToString());
        Assert.Empty(node.Agent!.Errors);
    }

    [Fact]
    public async Task Pods_reach_each_other_and_policy_applies_from_the_first_packet()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var podA = node.NewPod("a");
        var podB = node.NewPod("b");
        var a = new Attachment("ctr-a", podA, Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=a;K8S_POD_LABELS=role:client");
        var b = new Attachment("ctr-b", podB, Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=b;K8S_POD_LABELS=role:server");
        var ipA = AddressOf(await Add(node, net, a));
        var ipB = AddressOf(await Add(node, net, b));
        using var server = Probe.Listen(podB, 8080);
        Assert.True(await Probe.ConnectAsync(podA, ipB, 8080), "a -> b before any policy");

        // Default deny for role=server except from role=client on 8080; a pod added afterwards gets the final verdict
        // from its very first packet (ADD returned only after the agent programmed it).
        await node.Store.CreateAsync(ResourceKinds.NetworkPolicy, new NetworkPolicy
        {
            Metadata = { Name = "server", Namespace = "default" },
            Spec = { Selector = "role == 'server'", Types = ["Ingress"], Ingress = [new Rule { Action = "Allow", Source = new EntityRule { Selector = "role == 'client'" } }] },
        }, Ct);
        var podC = node.NewPod("c");
        var c = new Attachment("ctr-c", podC, Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=c;K8S_POD_LABELS=role:other");
        await Add(node, net, c);
        Assert.False(await Probe.ConnectAsync(podC, ipB, 8080, 500), "c -> b must be denied at once");
        Assert.True(await Probe.ConnectAsync(podA, ipB, 8080), "a -> b allowed by the policy");

        var podD = node.NewPod("d");
        var d = new Attachment("ctr-d", podD, Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=d;K8S_POD_LABELS=role:client");
        await Add(node, net, d);
        Assert.True(await Probe.ConnectAsync(podD, ipB, 8080, 2000), "a client added after the policy is allowed at once");
        Assert.Empty(node.Agent!.Errors);
    }

    internal static async Task<JsonNode> Add(CniNode node, JsonObject net, Attachment a)
    {
        var add = await node.Driver.AddAsync(net, a);
        Assert.True(add.Succeeded, add.ToString());
        return JsonNode.Parse(add.Output)!;
    }

    internal static IPAddress AddressOf(JsonNode result) => IPAddress.Parse(((string)result["ips"]![0]!["address"]!).Split('/')[0]);

    internal static string ConfText(JsonObject list)
    {
        var plugin = list["plugins"]![0]!.DeepClone().AsObject();
        plugin["cniVersion"] = list["cniVersion"]!.DeepClone();
        plugin["name"] = list["name"]!.DeepClone();
        plugin.Remove("capabilities");
        return plugin.ToJsonString();
    }
}
