using System.Collections;
using System.Net;
using System.Text;
using System.Text.Json;
using Calico.Cni.Cni;
using Calico.Cni.Config;
using Calico.Cni.Plugin;
using Calico.Sdk.Linux.Workloads;
using Xunit;

namespace Calico.Cni.Tests.Unit;

public sealed class IdentityTests
{
    private static NetConf Conf(string extra = "") =>
        NetConfParser.Parse(Encoding.UTF8.GetBytes($$"""{"cniVersion":"1.1.0","name":"k8s-pod-network","type":"calico"{{extra}}}"""));

    private static CniEnvironment Env(string args, string id = "abc123", string ifName = "eth0") => CniEnvironment.From(new Hashtable
    {
        ["CNI_COMMAND"] = "ADD", ["CNI_CONTAINERID"] = id, ["CNI_IFNAME"] = ifName, ["CNI_NETNS"] = "/x", ["CNI_PATH"] = "/p", ["CNI_ARGS"] = args,
    });

    [Fact]
    public void Kubernetes_pods_are_named_like_calico_names_them()
    {
        var id = WorkloadIdentity.From(Env("K8S_POD_NAMESPACE=prod;K8S_POD_NAME=web-7f-x;K8S_POD_SERVICE_ACCOUNT=api"), Conf(), "node-1");
        Assert.Equal("k8s", id.Orchestrator);
        Assert.Equal("node--1-k8s-web--7f--x-eth0", id.EndpointName);
        Assert.Equal(WorkloadPlumbing.HostInterfaceName("prod.web-7f-x"), id.HostInterface);
        Assert.Equal("k8s-pod-network.abc123", id.HandleId);
        Assert.Equal(["kns.prod", "ksa.prod.api"], id.Profiles());
        Assert.Equal("api", id.EndpointLabels()["projectcalico.org/serviceaccount"]);
    }

    [Fact]
    public void Without_pod_arguments_the_orchestrator_is_cni()
    {
        var id = WorkloadIdentity.From(Env(string.Empty, "ctr-9"), Conf(), "n1");
        Assert.Equal("cni", id.Orchestrator);
        Assert.Equal("default", id.Namespace);
        Assert.Equal("n1-cni-ctr--9-eth0", id.EndpointName);
        Assert.Equal(WorkloadPlumbing.HostInterfaceName("ctr-9"), id.HostInterface);
        Assert.Equal(["kns.default"], id.Profiles());
        Assert.Equal("cni", id.EndpointLabels()["projectcalico.org/orchestrator"]);
    }

    [Fact]
    public void Reserved_label_prefixes_are_stripped_from_workload_labels()
    {
        var conf = Conf(""","runtimeConfig":{"labels":{"app":"db","projectcalico.org/namespace":"kube-system","pcsa.x":"1"}}""");
        var id = WorkloadIdentity.From(Env("K8S_POD_NAMESPACE=a;K8S_POD_NAME=b;K8S_POD_LABELS=pcns.projectcalico.org/name:kube-system,tier:1"), conf, "n");
        var labels = id.EndpointLabels();
        Assert.Equal("a", labels["projectcalico.org/namespace"]);
        Assert.Equal("db", labels["app"]);
        Assert.Equal("1", labels["tier"]);
        Assert.DoesNotContain(labels.Keys, k => k.StartsWith("pcns.", StringComparison.Ordinal) || k.StartsWith("pcsa.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_interface_gets_its_own_host_end()
    {
        var eth0 = WorkloadIdentity.From(Env("K8S_POD_NAMESPACE=a;K8S_POD_NAME=b"), Conf(), "n");
        var net1 = WorkloadIdentity.From(Env("K8S_POD_NAMESPACE=a;K8S_POD_NAME=b", ifName: "net1"), Conf(), "n");
        Assert.NotEqual(eth0.HostInterface, net1.HostInterface);
        Assert.Equal("n-k8s-b-net1", net1.EndpointName);
    }

    [Theory]
    [InlineData("K8S_POD_NAMESPACE=Bad;K8S_POD_NAME=b", "K8S_POD_NAMESPACE 'Bad'")]
    [InlineData("K8S_POD_NAMESPACE=a;K8S_POD_NAME=b_c", "K8S_POD_NAME 'b_c'")]
    public void Invalid_pod_identity_is_code_4(string args, string fragment)
    {
        var e = Assert.Throws<CniException>(() => WorkloadIdentity.From(Env(args), Conf(), "n"));
        Assert.Equal(4, e.Code);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.3.1", true)]
    [InlineData("0.4.0", true)]
    [InlineData("1.0.0", false)]
    [InlineData("1.1.0", false)]
    public void Results_carry_ip_versions_only_before_1_0(string version, bool hasVersion)
    {
        using var buffer = new MemoryStream();
        var result = new CniResult(
            [new CniInterface("cali1", "ee:ee:ee:ee:ee:ee", null, null), new CniInterface("eth0", "02:00:00:00:00:01", 1400, "/run/netns/p")],
            [new CniIp(IPAddress.Parse("10.0.0.5"), 32, null, 1), new CniIp(IPAddress.Parse("fd00::5"), 128, null, 1)],
            [new CniRoute(IPAddress.Any, 0, IPAddress.Parse("169.254.1.1"))]);
        CniJson.WriteResult(buffer, version, result);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var ips = doc.RootElement.GetProperty("ips");
        Assert.Equal(hasVersion, ips[0].TryGetProperty("version", out var v));
        if (hasVersion)
        {
            Assert.Equal("4", v.GetString());
            Assert.Equal("6", ips[1].GetProperty("version").GetString());
        }

        Assert.Equal("10.0.0.5/32", ips[0].GetProperty("address").GetString());
        Assert.Equal(1, ips[0].GetProperty("interface").GetInt32());
        Assert.Equal(version == "1.1.0", doc.RootElement.GetProperty("interfaces")[1].TryGetProperty("mtu", out _));
        Assert.Equal("0.0.0.0/0", doc.RootElement.GetProperty("routes")[0].GetProperty("dst").GetString());
    }
}
