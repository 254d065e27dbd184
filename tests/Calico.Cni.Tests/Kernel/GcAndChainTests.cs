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

/// <summary>GC, delegated IPAM, chaining with the reference plugins, calico-ipam under another main plugin,
/// concurrent ADDs.</summary>
public sealed class GcAndChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gc_releases_everything_of_attachments_that_are_not_valid()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var keep = new Attachment("ctr-keep", node.NewPod("k"));
        var drop = new Attachment("ctr-drop", node.NewPod("x"));
        Assert.True((await node.Driver.AddAsync(net, keep)).Succeeded);
        Assert.True((await node.Driver.AddAsync(net, drop)).Succeeded);
        var (sentTo, gc) = await node.Driver.GcAsync(net, [keep]);
        Assert.True(gc.Succeeded, gc.ToString());
        Assert.Equal(["calico"], sentTo);
        Assert.NotNull(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-ctr--keep-eth0", Ct));
        Assert.Null(await node.Store.GetAsync(ResourceKinds.WorkloadEndpoint, "default", "h2node-cni-ctr--drop-eth0", Ct));
        var ipam = new CalicoIpam(node.Store);
        Assert.Single(await ipam.GetAssignmentsAsync("net1.ctr-keep", Ct));
        Assert.Empty(await ipam.GetAssignmentsAsync("net1.ctr-drop", Ct));
        using var links = NetlinkRoute.Open(node.Node);
        Assert.NotNull(links.GetLink(WorkloadPlumbing.HostInterfaceName("ctr-keep")));
        Assert.Null(links.GetLink(WorkloadPlumbing.HostInterfaceName("ctr-drop")));
        Assert.True((await node.Driver.CheckAsync(net, keep)).Succeeded);
    }

    [Fact]
    public async Task Delegated_host_local_chained_with_portmap_and_bandwidth_at_spec_1_0()
    {
        Requires.Root();
        CniBin.RequireReferencePlugins();
        await using var node = await CniNode.StartAsync();
        var dataDir = Path.Combine(node.Dir, "host-local");
        var ipam = new JsonObject
        {
            ["type"] = "host-local",
            ["dataDir"] = dataDir,
            ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = "10.77.200.0/24" })),
        };
        var calico = node.Calico(ipam: ipam.DeepClone().AsObject());
        var net = CniDriver.List("chain", "1.0.0",
            calico,
            new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["snat"] = true },
            new JsonObject { ["type"] = "bandwidth", ["capabilities"] = new JsonObject { ["bandwidth"] = true } });
        var a = new Attachment("ctr-h", node.NewPod("h"))
        {
            Capabilities =
            {
                ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 18080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
                ["bandwidth"] = new JsonObject { ["ingressRate"] = 100_000_000, ["ingressBurst"] = 10_000_000, ["egressRate"] = 100_000_000, ["egressBurst"] = 10_000_000 },
            },
        };
        var add = await node.Driver.AddAsync(net, a);
        Assert.True(add.Succeeded, add.ToString());
        var ip = LifecycleTests.AddressOf(JsonNode.Parse(add.Output)!);
        Assert.True(IPNetwork.Parse("10.77.200.0/24").Contains(ip), ip.ToString());
        Assert.Equal("1.0.0", add.Json().GetProperty("cniVersion").GetString());
        Assert.True(File.Exists(Path.Combine(dataDir, "chain", ip.ToString())), "host-local recorded the address");
        var nat = await SystemProgram.RunAsync("iptables-save", ["-t", "nat"], new SystemProgramOptions { Namespace = node.Node }, Ct);
        Assert.Contains("18080", nat.StandardOutput, StringComparison.Ordinal);
        var tc = await SystemProgram.RunAsync("tc", ["qdisc", "show", "dev", WorkloadPlumbing.HostInterfaceName("ctr-h")], new SystemProgramOptions { Namespace = node.Node }, Ct);
        Assert.Contains("tbf", tc.StandardOutput, StringComparison.Ordinal);

        // CHECK of calico with the chain's final result as prevResult. (Debian's portmap 1.1 fails its own CHECK looking
        // for an IPv6 DNAT chain when only IPv4 is mapped, so the driver's whole-chain CHECK cannot be used here.)
        var prev = JsonNode.Parse(add.Output)!;
        var conf = calico.DeepClone().AsObject();
        conf["cniVersion"] = "1.0.0";
        conf["name"] = "chain";
        conf["prevResult"] = prev;
        conf.Remove("capabilities");
        var check = await node.Driver.ExecAsync("calico", "CHECK", a, conf.ToJsonString());
        Assert.True(check.Succeeded, check.ToString());

        // Debian's reference plugins stop at 1.0.0: GC goes to calico only, STATUS likewise.
        var (sentTo, _) = await node.Driver.GcAsync(CniDriver.List("chain", "1.1.0", node.Calico(ipam: ipam.DeepClone().AsObject())), [a]);
        Assert.Equal(["calico"], sentTo);
        Assert.False(await node.Driver.Speaks11Async("host-local"));

        var del = await node.Driver.DelAsync(net, a);
        Assert.True(del.Succeeded, del.ToString());
        Assert.False(File.Exists(Path.Combine(dataDir, "chain", ip.ToString())), "host-local released the address");
        nat = await SystemProgram.RunAsync("iptables-save", ["-t", "nat"], new SystemProgramOptions { Namespace = node.Node }, Ct);
        Assert.DoesNotContain("18080", nat.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calico_ipam_as_a_delegated_plugin_assigns_checks_collects_and_releases()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var conf = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = "other",
            ["type"] = "some-main-plugin",
            ["ipam"] = new JsonObject { ["type"] = "calico-ipam", ["assign_ipv4"] = "true" },
            ["sqlite_path"] = node.SqlitePath,
            ["nodename"] = CniNode.NodeName,
            ["ipam_lock_file"] = Path.Combine(node.RunDir, "ipam.lock"),
        };
        var a = new Attachment("ctr-i", "/run/netns/unused");
        var add = await node.Driver.ExecAsync("calico-ipam", "ADD", a, conf.ToJsonString());
        Assert.True(add.Succeeded, add.ToString());
        var address = add.Json().GetProperty("ips")[0].GetProperty("address").GetString()!;
        Assert.EndsWith("/32", address, StringComparison.Ordinal); // the SDK's IPAM answers host prefixes
        var ip = IPAddress.Parse(address.Split('/')[0]);
        Assert.Equal([ip], await new CalicoIpam(node.Store).GetAssignmentsAsync("other.ctr-i", Ct));

        conf["prevResult"] = JsonNode.Parse(add.Output);
        Assert.True((await node.Driver.ExecAsync("calico-ipam", "CHECK", a, conf.ToJsonString())).Succeeded);
        conf.Remove("prevResult");

        // GC with the attachment valid keeps it; without, releases it.
        conf["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "ctr-i", ["ifname"] = "eth0" });
        Assert.True((await node.Driver.ExecAsync("calico-ipam", "GC", null, conf.ToJsonString())).Succeeded);
        Assert.Single(await new CalicoIpam(node.Store).GetAssignmentsAsync("other.ctr-i", Ct));
        conf["cni.dev/valid-attachments"] = new JsonArray();
        Assert.True((await node.Driver.ExecAsync("calico-ipam", "GC", null, conf.ToJsonString())).Succeeded);
        Assert.Empty(await new CalicoIpam(node.Store).GetAssignmentsAsync("other.ctr-i", Ct));

        conf.Remove("cni.dev/valid-attachments");
        var again = await node.Driver.ExecAsync("calico-ipam", "ADD", a, conf.ToJsonString());
        Assert.True(again.Succeeded, again.ToString());
        Assert.True((await node.Driver.ExecAsync("calico-ipam", "DEL", a, conf.ToJsonString())).Succeeded);
        Assert.Empty(await new CalicoIpam(node.Store).GetAssignmentsAsync("other.ctr-i", Ct));
        Assert.True((await node.Driver.ExecAsync("calico-ipam", "DEL", a, conf.ToJsonString())).Succeeded, "DEL of nothing succeeds");
        Assert.True(await node.Driver.Speaks11Async("calico-ipam"));
    }

    [Fact]
    public async Task Concurrent_adds_under_the_host_lock_get_distinct_addresses()
    {
        Requires.Root();
        await using var node = await CniNode.StartAsync();
        var net = node.Network();
        var attachments = Enumerable.Range(0, 4).Select(i => new Attachment($"ctr-c{i}", node.NewPod("c" + i))).ToList();
        var calls = await Task.WhenAll(attachments.Select(a => node.Driver.AddAsync(net, a)));
        Assert.All(calls, c => Assert.True(c.Succeeded, c.ToString()));
        var addresses = calls.Select(c => LifecycleTests.AddressOf(JsonNode.Parse(c.Output)!)).ToList();
        Assert.Equal(4, addresses.Distinct().Count());
        Assert.True((await new CalicoIpam(node.Store).CheckAsync(Ct)).IsClean);
    }
}
