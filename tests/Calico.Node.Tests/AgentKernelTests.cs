using Xunit;
using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Calico.Dataplane.Nftables;
using Calico.Routing.Direct;
using Calico.Sdk.Datastore;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;
using Calico.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Calico.Node.Tests;

/// <summary>The agent in-process against its own network namespace and a temporary SQLite file.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AgentKernelTests : IAsyncLifetime
{
    private readonly string _tag = "h1" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _dir = Directory.CreateTempSubdirectory("calico-node-test-").FullName;
    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly int _port = Random.Shared.Next(20000, 30000);
    private NetworkNamespace _host = null!;
    private ServiceProvider? _services;
    private NodeAgent? _agent;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.StopAsync(CancellationToken.None);
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        foreach (var ns in _namespaces)
        {
            ns.Dispose();
            NetworkNamespace.Delete(ns.Name!);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private NetworkNamespace Namespace(string suffix)
    {
        var ns = NetworkNamespace.Create(_tag + "-" + suffix);
        _namespaces.Add(ns);
        using var nl = NetlinkRoute.Open(ns);
        nl.SetLink("lo", new LinkSettings { Up = true });
        return ns;
    }

    private async Task<IDatastore> StartAgentAsync(Func<IDatastore, Task>? beforeStart = null, Func<IDatastore, Task>? whileStarting = null)
    {
        _host = Namespace("node");
        using (var nl = NetlinkRoute.Open(_host))
        {
            nl.AddLink(new VethLink("eth0", "peer0"));
            var eth0 = nl.GetLink("eth0")!;
            nl.AddAddress(new AddressInfo(eth0.Index, IPAddress.Parse("10.77.0.1"), 24));
            nl.SetLink("eth0", new LinkSettings { Up = true });
            nl.SetLink("peer0", new LinkSettings { Up = true });
            // A default route, as every host has: proxy ARP answers the pods' 169.254.1.1 only for routable targets.
            nl.AddRoute(new RouteInfo(IPNetwork.Parse("0.0.0.0/0")) { Gateway = IPAddress.Parse("10.77.0.254"), OutputInterface = eth0.Index });
        }

        var env = new Hashtable
        {
            ["NODENAME"] = "t-node",
            ["CALICO_NETWORKING_BACKEND"] = "none",
            ["CALICO_IPV4POOL_CIDR"] = "10.66.0.0/16",
            ["CALICO_VAR_LIB_DIR"] = Path.Combine(_dir, "lib"),
            ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = Path.Combine(_dir, "run"),
            ["FELIX_HEALTHHOST"] = "127.0.0.1",
            ["FELIX_HEALTHPORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FELIX_PROMETHEUSMETRICSENABLED"] = "true",
            ["FELIX_PROMETHEUSMETRICSHOST"] = "127.0.0.1",
            ["FELIX_PROMETHEUSMETRICSPORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FELIX_IPV6SUPPORT"] = "false",
            // The default ReportingInterval (30 s) on purpose: the metrics must follow changes without the periodic report.
            ["CALICO_IPAM_GC_INTERVAL"] = "0",
            ["CALICO_IPAM_GC_GRACE_PERIOD"] = "0",
        };
        var services = new ServiceCollection();
        services.AddLogging();
        var host = _host;
        services.AddCalico(o =>
            {
                o.NodeName = "t-node";
                o.Datastore = new DatastoreOptions { Type = DatastoreType.Sqlite, SqlitePath = Path.Combine(_dir, "calico.db") };
            })
            .AddSqliteDatastore()
            .AddDirectRouting(o => o.Namespace = host)
            .AddNodeAgent(o =>
            {
                o.Environment = env;
                o.HostNamespace = host;
                o.DataplaneFactory = (sp, s) => new NftablesDataplane(new NftablesDataplaneOptions { Namespace = host, WorkloadInterfacePrefixes = s.InterfacePrefixes });
            });
        _services = services.BuildServiceProvider();
        _agent = _services.GetServices<IHostedService>().OfType<NodeAgent>().Single();
        var store = _services.GetRequiredService<IDatastore>();
        if (beforeStart is not null)
        {
            await beforeStart(store);
        }

        await _agent.StartAsync(TestContext.Current.CancellationToken);
        if (whileStarting is not null)
        {
            await whileStarting(store);
        }

        await _agent.InSync.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return store;
    }

    private async Task<(NetworkNamespace Pod, string Interface, string Revision)> AddPodAsync(IDatastore store, string name, string ip)
    {
        var pod = Namespace(name);
        var iface = WorkloadPlumbing.HostInterfaceName("t." + name);
        WorkloadPlumbing.Attach(_host, pod, new WorkloadNetworkSpec { HostInterface = iface, Addresses = [IPAddress.Parse(ip)] });
        var wep = new WorkloadEndpoint();
        wep.Metadata.Name = "t--node-k8s-" + name + "-eth0";
        wep.Metadata.Namespace = "t";
        wep.Metadata.Labels = new Dictionary<string, string> { ["app"] = name, ["projectcalico.org/namespace"] = "t", ["projectcalico.org/orchestrator"] = "k8s" };
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = "t-node";
        wep.Spec.Pod = name;
        wep.Spec.Endpoint = "eth0";
        wep.Spec.ContainerId = "cid-" + name;
        wep.Spec.InterfaceName = iface;
        wep.Spec.IpNetworks = [ip + "/32"];
        wep.Spec.Profiles = ["kns.t"];
        var stored = await store.CreateAsync(ResourceKinds.WorkloadEndpoint, wep, TestContext.Current.CancellationToken);
        return (pod, iface, stored.Metadata.ResourceVersion!);
    }

    private static async Task<EndpointStatus> WaitStatusAsync(string path, string revision)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(path))
            {
                var s = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path), StatusJsonContext.Default.EndpointStatus)!;
                if (s.ResourceVersion == revision)
                {
                    return s;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no status file {path} at revision {revision}");
    }

    private static bool CanConnect(NetworkNamespace from, string ip, int port) => from.Run(() =>
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return client.ConnectAsync(IPAddress.Parse(ip), port).Wait(TimeSpan.FromSeconds(1.5));
        }
        catch (AggregateException)
        {
            return false;
        }
    });

    private static long MetricValue(string metrics, string name) =>
        long.Parse(metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Workload_gets_route_status_file_and_policy_then_health_and_metrics_report_it()
    {
        Requires.Root();
        var store = await StartAgentAsync();
        var profile = Calico.Sdk.Policy.KubernetesProfiles.ForNamespace("t", null);
        await store.CreateAsync(ResourceKinds.Profile, profile, TestContext.Current.CancellationToken);
        var (pod1, if1, rv1) = await AddPodAsync(store, "pod1", "10.66.0.10");
        var (pod2, if2, rv2) = await AddPodAsync(store, "pod2", "10.66.0.11");
        var run = Path.Combine(_dir, "run");

        var status = await WaitStatusAsync(StatusPaths.EndpointStatusFile(run, "t", "t--node-k8s-pod2-eth0"), rv2);
        Assert.Equal(("up", if2), (status.Status, status.InterfaceName));
        await WaitStatusAsync(StatusPaths.EndpointStatusFile(run, "t", "t--node-k8s-pod1-eth0"), rv1);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatusPaths.EndpointStatusFile(run, "t", "t--node-k8s-pod1-eth0")));

        // The /32 route to the workload's host interface carries the agent's protocol (80), installed before the status file.
        using (var nl = NetlinkRoute.Open(_host))
        {
            var link = nl.GetLink(if2)!;
            var route = Assert.Single(nl.GetRoutes(), r => r.Destination == IPNetwork.Parse("10.66.0.11/32"));
            Assert.Equal(((RouteProtocol)80, link.Index), (route.Protocol, route.OutputInterface));
        }

        // Policy isolation: allowed by the namespace profile, then a policy selecting pod2 with no ingress rule blocks it.
        using var listener = pod2.Run(() =>
        {
            var l = new TcpListener(IPAddress.Any, 8080);
            l.Start();
            return l;
        });
        Assert.True(CanConnect(pod1, "10.66.0.11", 8080), "pod1 -> pod2 before policy");
        var deny = new NetworkPolicy();
        deny.Metadata.Name = "deny-pod2";
        deny.Metadata.Namespace = "t";
        deny.Spec.Selector = "app == 'pod2'";
        deny.Spec.Types = ["Ingress"];
        Calico.Sdk.Validation.ResourceDefaults.Apply(deny);
        await store.CreateAsync(ResourceKinds.NetworkPolicy, deny, TestContext.Current.CancellationToken);
        var blocked = false;
        for (var i = 0; i < 50 && !blocked; i++)
        {
            blocked = !CanConnect(pod1, "10.66.0.11", 8080);
        }

        Assert.True(blocked, "pod1 -> pod2 after the deny policy");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var ready = await http.GetAsync($"http://127.0.0.1:{_port}/readiness", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{_port}/liveness", TestContext.Current.CancellationToken)).StatusCode);
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{_port}/metrics", TestContext.Current.CancellationToken);
        foreach (var name in new[] { "felix_active_local_endpoints 2", "felix_ipsets_calico", "felix_int_dataplane_apply_time_seconds_bucket", "felix_resyncs_started 1", "felix_int_dataplane_failures 0", "felix_cluster_num_workload_endpoints 2" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        // The namespace profile and deny-pod2 are live on this host's endpoints.
        Assert.Equal(2, MetricValue(metrics, "felix_active_local_policies"));

        // Removing the endpoint removes its route and status file; nothing else's routes are touched.
        await store.DeleteAsync(ResourceKinds.WorkloadEndpoint, "t", "t--node-k8s-pod1-eth0", null, TestContext.Current.CancellationToken);
        var file = StatusPaths.EndpointStatusFile(run, "t", "t--node-k8s-pod1-eth0");
        for (var i = 0; i < 100 && File.Exists(file); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.False(File.Exists(file));
        using (var nl = NetlinkRoute.Open(_host))
        {
            Assert.DoesNotContain(nl.GetRoutes(), r => r.Destination == IPNetwork.Parse("10.66.0.10/32"));
            Assert.Contains(nl.GetRoutes(), r => r.Destination == IPNetwork.Parse("10.66.0.11/32"));
            Assert.Contains(nl.GetRoutes(), r => r.Gateway?.Equals(IPAddress.Parse("10.77.0.254")) == true);
        }

        var node = JsonSerializer.Deserialize(await File.ReadAllTextAsync(StatusPaths.NodeStatusFile(run), TestContext.Current.CancellationToken), StatusJsonContext.Default.NodeAgentStatus)!;
        Assert.Equal("t-node", node.NodeName);
        Assert.Equal(["noencap"], node.Routers);
        Assert.Equal("t-node", await File.ReadAllTextAsync(Path.Combine(_dir, "lib", "nodename"), TestContext.Current.CancellationToken));
    }

    // An ADD that ran while the agent was (re)starting: its endpoint is in the agent's first snapshot (or arrives
    // between the sync's list and its watch), and must get its route, policy and status file like a later one.
    [Fact]
    public async Task Endpoints_there_before_or_during_start_get_route_policy_and_status_file()
    {
        Requires.Root();
        var ct = TestContext.Current.CancellationToken;
        var pods = new Dictionary<string, (NetworkNamespace Pod, string Interface, string Revision)>();
        await StartAgentAsync(
            async s =>
            {
                await s.CreateAsync(ResourceKinds.Profile, Calico.Sdk.Policy.KubernetesProfiles.ForNamespace("t", null), ct);
                pods["pod1"] = await AddPodAsync(s, "pod1", "10.66.0.20");
            },
            async s => pods["pod2"] = await AddPodAsync(s, "pod2", "10.66.0.21"));
        var run = Path.Combine(_dir, "run");
        foreach (var (name, (_, iface, revision)) in pods)
        {
            var status = await WaitStatusAsync(StatusPaths.EndpointStatusFile(run, "t", "t--node-k8s-" + name + "-eth0"), revision);
            Assert.Equal(("up", iface), (status.Status, status.InterfaceName));
        }

        using (var nl = NetlinkRoute.Open(_host))
        {
            foreach (var (ip, iface) in new[] { ("10.66.0.20", pods["pod1"].Interface), ("10.66.0.21", pods["pod2"].Interface) })
            {
                var route = Assert.Single(nl.GetRoutes(), r => r.Destination == IPNetwork.Parse(ip + "/32"));
                Assert.Equal(((RouteProtocol)80, nl.GetLink(iface)!.Index), (route.Protocol, route.OutputInterface));
            }
        }

        // Both endpoints' chains are live: each reaches the other through the profile.
        using var listener1 = Listen(pods["pod1"].Pod, 8080);
        using var listener2 = Listen(pods["pod2"].Pod, 8080);
        Assert.True(CanConnect(pods["pod1"].Pod, "10.66.0.21", 8080), "pod1 -> pod2");
        Assert.True(CanConnect(pods["pod2"].Pod, "10.66.0.20", 8080), "pod2 -> pod1");
    }

    private static TcpListener Listen(NetworkNamespace ns, int port) => ns.Run(() =>
    {
        var l = new TcpListener(IPAddress.Any, port);
        l.Start();
        return l;
    });

    [Fact]
    public async Task Ipam_sweep_frees_this_nodes_leaked_address_and_keeps_live_and_foreign_ones()
    {
        Requires.Root();
        var store = await StartAgentAsync();
        var ipam = _services!.GetRequiredService<IIpam>();
        var ct = TestContext.Current.CancellationToken;
        Dictionary<string, string> Attrs(string node, string pod) => new() { ["node"] = node, ["namespace"] = "t", ["pod"] = pod };
        var leaked = await ipam.AutoAssignAsync(new AutoAssignRequest("k8s-pod-network.cid-gone", "t-node", 1, 0) { Attributes = Attrs("t-node", "gone") }, ct);
        var foreign = await ipam.AutoAssignAsync(new AutoAssignRequest("k8s-pod-network.cid-other", "other-node", 1, 0) { Attributes = Attrs("other-node", "other") }, ct);
        var live = await ipam.AutoAssignAsync(new AutoAssignRequest("k8s-pod-network.cid-pod1", "t-node", 1, 0) { Attributes = Attrs("t-node", "pod1") }, ct);
        var (_, _, revision) = await AddPodAsync(store, "pod1", live.IPv4[0].Address.ToString());

        // The sweep judges from what the agent has synced (production keeps a 15-minute grace period for an ADD between
        // its allocation and its endpoint; this test runs with none): wait until the agent has programmed pod1.
        await WaitStatusAsync(StatusPaths.EndpointStatusFile(Path.Combine(_dir, "run"), "t", "t--node-k8s-pod1-eth0"), revision);
        for (var i = 0; i < 50 && await _agent!.SweepIpamAsync(ct) is var r && r.ReleasedAddresses.Count == 0; i++)
        {
            await Task.Delay(100, ct);
        }

        Assert.Empty(await ipam.GetAssignmentsAsync("k8s-pod-network.cid-gone", ct));
        Assert.Equal([foreign.IPv4[0].Address], await ipam.GetAssignmentsAsync("k8s-pod-network.cid-other", ct));
        Assert.Equal([live.IPv4[0].Address], await ipam.GetAssignmentsAsync("k8s-pod-network.cid-pod1", ct));
        Assert.DoesNotContain(leaked.IPv4[0].Address, await ipam.GetAssignmentsAsync("k8s-pod-network.cid-pod1", ct));
    }
}
