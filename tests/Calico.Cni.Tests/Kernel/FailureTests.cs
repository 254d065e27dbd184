using Calico.Cni.Tests.Harness;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;
using Calico.TestSupport;
using Xunit;

namespace Calico.Cni.Tests.Kernel;

/// <summary>Repeated ADD, rollback, an unreachable datastore, STATUS.</summary>
public sealed class FailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repeated_add_answers_the_same_attachment_without_allocating_again()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var a = new Attachment("ctr-r", node.NewPod("r"), Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=r");
        var first = await node.Driver.AddAsync(net, a);
        Assert.True(first.Succeeded, first.ToString());
        var second = await node.Driver.AddAsync(net, a);
        Assert.True(second.Succeeded, second.ToString());
        Assert.Equal(first.Json().GetProperty("ips")[0].GetProperty("address").GetString(), second.Json().GetProperty("ips")[0].GetProperty("address").GetString());
        Assert.Single(await new CalicoIpam(node.Store).GetAssignmentsAsync("net1.ctr-r", Ct));

        // If the interface was tampered with in between, the repeated ADD refuses and names the difference.
        using (var pod = NetworkNamespace.Open(a.NetNs))
        {
            WorkloadPlumbing.DetachContainer(pod, "eth0");
        }

        var third = await node.Driver.AddAsync(net, a);
        Assert.False(third.Succeeded);
        Assert.Equal(104, third.Code);
        Assert.Contains("interface 'eth0' does not exist", third.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_rolls_back_everything_when_the_agent_never_programs_the_endpoint()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync(agent: false);
        var net = node.Network(timeout: 1);
        var a = new Attachment("ctr-t", node.NewPod("t"), Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=t");
        var add = await node.Driver.AddAsync(net, a);
        Assert.False(add.Succeeded);
        Assert.Equal(100, add.Code);
        Assert.Contains("did not report endpoint revision", add.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(node, a, "t");
    }

    [Fact]
    public async Task Add_removes_the_veth_pair_it_created_alongside_ipam_when_ipam_fails()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();

        // The pair is created on another thread while IPAM runs; IPAM then fails (a pool that does not exist).
        var net = node.Network(ipam: new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "calico-ipam",
            ["ipv4_pools"] = new System.Text.Json.Nodes.JsonArray("10.250.0.0/24"),
        });
        var a = new Attachment("ctr-f", node.NewPod("f"), Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=f");
        var add = await node.Driver.AddAsync(net, a);
        Assert.False(add.Succeeded, add.ToString());
        Assert.Contains("10.250.0.0/24", add.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(node, a, "f");
    }

    /// <summary>A rolled-back ADD of pod <paramref name="pod"/> (container <c>ctr-&lt;pod&gt;</c>) left no endpoint,
    /// no addresses and neither end of the veth pair.</summary>
    private static async Task AssertNothingLeftAsync(CniNode node, Attachment a, string pod)
    {
        Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", $"h2node-k8s-{pod}-eth0", Ct));
        Assert.Empty(await new CalicoIpam(node.Store).GetAssignmentsAsync("net1." + a.ContainerId, Ct));
        using var links = NetlinkRoute.Open(node.Node);
        Assert.Null(links.GetLink(WorkloadPlumbing.HostInterfaceName("default." + pod)));
        using var ns = NetworkNamespace.Open(a.NetNs);
        using var podLinks = NetlinkRoute.Open(ns);
        Assert.Null(podLinks.GetLink("eth0"));
    }

    [Fact]
    public async Task An_unreachable_datastore_is_try_again_later_and_del_changes_nothing()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var a = new Attachment("ctr-d", node.NewPod("d"), Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=d");
        Assert.True((await node.Driver.AddAsync(net, a)).Succeeded);

        // The same node pointed at an etcd that is down (nothing listens on that port inside the node namespace).
        var down = node.Calico();
        down["datastore_type"] = "etcdv3";
        down["etcd_endpoints"] = "http://127.0.0.1:2";
        var downNet = CniDriver.List("net1", "1.1.0", down);
        var b = new Attachment("ctr-e", node.NewPod("e"), Args: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=e");
        var add = await node.Driver.AddAsync(downNet, b);
        Assert.Equal(11, add.Code);
        using (var pod = NetworkNamespace.Open(b.NetNs))
        using (var podLinks = NetlinkRoute.Open(pod))
        {
            Assert.Null(podLinks.GetLink("eth0"));
        }

        var del = await node.Driver.ExecAsync("calico", "DEL", a, LifecycleTests.ConfText(downNet));
        Assert.Equal(11, del.Code);
        Assert.NotNull(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-k8s-d-eth0", Ct));
        var check = await node.Driver.CheckAsync(net, a);
        Assert.True(check.Succeeded, "the attachment must be intact after the refused DEL: " + check);

        var status = await node.Driver.StatusAsync(downNet);
        Assert.Equal(50, status.Code);
    }

    [Fact]
    public async Task Status_reports_agent_and_datastore_health()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync(agent: false);
        var net = node.Network();
        var none = await node.Driver.StatusAsync(net);
        Assert.Equal(50, none.Code);
        Assert.Contains("no node agent status", none.Message, StringComparison.Ordinal);
        node.StartAgent(ready: true, live: true);
        Assert.True((await node.Driver.StatusAsync(net)).Succeeded);
        await node.StopAgentAsync();
        node.StartAgent(ready: false, live: false);
        Assert.Equal(51, (await node.Driver.StatusAsync(net)).Code);
        await node.StopAgentAsync();
        node.StartAgent(ready: false, live: true);
        Assert.Equal(50, (await node.Driver.StatusAsync(net)).Code);
    }
}
