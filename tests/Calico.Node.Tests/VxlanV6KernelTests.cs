using System.Collections;
using System.Net;
using Calico.Dataplane.Nftables;
using Calico.Routing.Vxlan;
using Calico.Sdk.Datastore;
using Calico.Sdk.Hosting.Agent;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Calico.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using NodeResource = Calico.Sdk.Resources.Node;

namespace Calico.Node.Tests;

/// <summary>
/// Two dual-stack agents (each in its own network namespace, one SQLite datastore) with an IPv4 and an IPv6 VXLAN
/// pool: each node gets an IPv6 tunnel address and MAC from IPAM, the vxlan router builds <c>vxlan-v6.calico</c>, and a
/// restart keeps the address.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VxlanV6KernelTests : IAsyncLifetime
{
    private const int UnderlayMtu = 1500;
    private readonly string _tag = "v6x" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _dir = Directory.CreateTempSubdirectory("calico-vxlan6-test-").FullName;
    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly Dictionary<string, (ServiceProvider Services, NodeAgent Agent)> _agents = new(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _agents.Keys.ToList())
        {
            await StopAgentAsync(name);
        }

        foreach (var ns in _namespaces)
        {
            ns.Dispose();
            NetworkNamespace.Delete(ns.Name!);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Dual_stack_nodes_get_ipv6_vxlan_tunnel_address_and_device_and_keep_the_address_across_restarts()
    {
        Requires.Root();
        var ns1 = Namespace("n1");
        var ns2 = Namespace("n2");
        using (var nl = NetlinkRoute.Open(ns1))
        {
            // The underlay: one veth pair, eth0 on node-1 and eth1 on node-2 (both match MtuIfacePattern).
            nl.AddLink(new VethLink("eth0", "eth1") { PeerNamespace = ns2 });
        }

        AddUnderlay(ns1, "eth0", "10.78.0.1", "fd78::1");
        AddUnderlay(ns2, "eth1", "10.78.0.2", "fd78::2");

        await StartAgentAsync("node-1", ns1, "10.78.0.1/24", "fd78::1/64");
        var store = await StartAgentAsync("node-2", ns2, "10.78.0.2/24", "fd78::2/64");

        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, ns) in new[] { ("node-1", ns1), ("node-2", ns2) })
        {
            var node = (NodeResource)(await store.GetAsync(ResourceKinds.Node, null, name, Ct))!;
            var tunnel6 = IPAddress.Parse(Assert.IsType<string>(node.Spec.IPv6VxlanTunnelAddr));
            Assert.True(IPNetwork.Parse("fd00:78::/48").Contains(tunnel6), $"{name}: {tunnel6} is not from the IPv6 VXLAN pool");
            Assert.Equal(NodeStartup.VxlanMac(name, "v6"), node.Spec.VxlanTunnelMacAddrV6);
            Assert.NotEqual(node.Spec.VxlanTunnelMacAddr, node.Spec.VxlanTunnelMacAddrV6);
            Assert.True(IPNetwork.Parse("10.79.0.0/16").Contains(IPAddress.Parse(node.Spec.IPv4VxlanTunnelAddr!)));
            first[name] = tunnel6.ToString();

            // vxlan-v6.calico: underlay MTU − 70, carries the tunnel address; the pod MTU is the smallest tunnel MTU.
            using var nl = NetlinkRoute.Open(ns);
            var device = await EventuallyAsync(() => nl.GetLink(VxlanRoutingOptions.DefaultDeviceNameV6), $"{name}: vxlan-v6.calico");
            Assert.Equal(UnderlayMtu - 70, device.Mtu);
            Assert.Contains(nl.GetAddresses(System.Net.Sockets.AddressFamily.InterNetworkV6), a => a.InterfaceIndex == device.Index && a.Address.Equals(tunnel6));
            Assert.Equal(UnderlayMtu - 50, nl.GetLink(VxlanRoutingOptions.DefaultDeviceName)!.Mtu);
            Assert.Equal((UnderlayMtu - 70).ToString(System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(Path.Combine(_dir, name, "lib", "mtu"), Ct));
        }

        Assert.NotEqual(first["node-1"], first["node-2"]);

        // Restart node-1: the handle's address is reused, nothing new is allocated.
        await StopAgentAsync("node-1");
        store = await StartAgentAsync("node-1", ns1, "10.78.0.1/24", "fd78::1/64");
        var restarted = (NodeResource)(await store.GetAsync(ResourceKinds.Node, null, "node-1", Ct))!;
        Assert.Equal(first["node-1"], restarted.Spec.IPv6VxlanTunnelAddr);
        var ipam = new CalicoIpam(store);
        Assert.Equal([IPAddress.Parse(first["node-1"])], await ipam.GetAssignmentsAsync(IpamHandleIds.VxlanV6Tunnel("node-1"), Ct));
    }

    private NetworkNamespace Namespace(string suffix)
    {
        var ns = NetworkNamespace.Create(_tag + "-" + suffix);
        _namespaces.Add(ns);
        using var nl = NetlinkRoute.Open(ns);
        nl.SetLink("lo", new LinkSettings { Up = true });
        return ns;
    }

    private static void AddUnderlay(NetworkNamespace ns, string device, string v4, string v6)
    {
        using var nl = NetlinkRoute.Open(ns);
        var link = nl.GetLink(device)!;
        nl.AddAddress(new AddressInfo(link.Index, IPAddress.Parse(v4), 24));
        nl.AddAddress(new AddressInfo(link.Index, IPAddress.Parse(v6), 64) { NoDad = true });
        nl.SetLink(device, new LinkSettings { Up = true });
    }

    private async Task<IDatastore> StartAgentAsync(string name, NetworkNamespace host, string ip, string ip6)
    {
        var dir = Path.Combine(_dir, name);
        var env = new Hashtable
        {
            ["NODENAME"] = name,
            ["IP"] = ip,
            ["IP6"] = ip6,
            ["CALICO_NETWORKING_BACKEND"] = "vxlan",
            ["CALICO_IPV4POOL_CIDR"] = "10.79.0.0/16",
            ["CALICO_IPV4POOL_VXLAN"] = "Always",
            ["CALICO_IPV6POOL_CIDR"] = "fd00:78::/48",
            ["CALICO_IPV6POOL_VXLAN"] = "Always",
            ["CALICO_VAR_LIB_DIR"] = Path.Combine(dir, "lib"),
            ["FELIX_ENDPOINTSTATUSPATHPREFIX"] = Path.Combine(dir, "run"),
            ["FELIX_HEALTHENABLED"] = "false",
            ["FELIX_IPV6SUPPORT"] = "true",
            ["CALICO_IPAM_GC_INTERVAL"] = "0",
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCalico(o =>
            {
                o.NodeName = name;
                o.Datastore = new DatastoreOptions { Type = DatastoreType.Sqlite, SqlitePath = Path.Combine(_dir, "calico.db") };
            })
            .AddSqliteDatastore()
            .AddVxlanRouting(o => o.Namespace = host)
            .AddNodeAgent(o =>
            {
                o.Environment = env;
                o.HostNamespace = host;
                o.DataplaneFactory = (sp, s) => new NftablesDataplane(new NftablesDataplaneOptions { Namespace = host, WorkloadInterfacePrefixes = s.InterfacePrefixes });
            });
        var provider = services.BuildServiceProvider();
        var agent = provider.GetServices<IHostedService>().OfType<NodeAgent>().Single();
        _agents[name] = (provider, agent);
        await agent.StartAsync(Ct);
        await agent.InSync.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return provider.GetRequiredService<IDatastore>();
    }

    private async Task StopAgentAsync(string name)
    {
        var (services, agent) = _agents[name];
        _agents.Remove(name);
        await agent.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what)
        where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("not seen within 10 s: " + what);
    }
}
