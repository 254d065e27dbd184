using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

/// <summary>
/// Exercises every Calico.Sdk.Linux entry point once, so running the Native AOT build proves the library works
/// without reflection or JIT: named netns, pinned-thread runner, rtnetlink, monitor, sysctl, conntrack, TCP MD5,
/// libnftables and SystemProgram. Exit code 0 and "selftest ok" on success.
/// </summary>
internal static class SelfTest
{
    internal static async Task<int> RunAsync()
    {
        var name = "aot-selftest-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var ns = NetworkNamespace.Create(name))
        {
            try
            {
                using var route = NetlinkRoute.Open(ns);
                using var monitor = NetlinkMonitor.Open(NetlinkGroups.Link, ns);
                route.SetLink("lo", new LinkSettings { Up = true });
                var veth = route.AddLink(new VethLink("eth0", "eth0p") { Up = true, Mtu = 1450 });
                var vxlan = route.AddLink(new VxlanLink("vxlan.calico", 4096) { Learning = false, Local = IPAddress.Parse("10.0.0.1") });
                route.AddAddress(new AddressInfo(veth.Index, IPAddress.Parse("10.0.0.1"), 24));
                route.AddRoute(new RouteInfo(IPNetwork.Parse("10.1.0.0/16")) { Gateway = IPAddress.Parse("10.0.0.2"), Protocol = RouteProtocol.Calico });
                route.AddRule(new RuleInfo(AddressFamily.InterNetwork) { Priority = 100, Table = 200, FirewallMark = 1 });
                route.AppendFdbEntry(new FdbEntry(vxlan.Index, System.Net.NetworkInformation.PhysicalAddress.Parse("00-00-00-00-00-00")) { Destination = IPAddress.Parse("10.0.0.2") });
                Check(route.GetRoutes().Any(r => r.Protocol == RouteProtocol.Calico), "route read back");
                Check(route.GetRules().Any(r => r.Table == 200), "rule read back");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var change = await monitor.ReadAsync(timeout.Token);
                Check(change.Kind == NetlinkEventKind.NewLink, "link notification");

                Sysctl.Write("net.ipv4.ip_forward", "1", ns);
                Check(Sysctl.Read("net.ipv4.ip_forward", ns) == "1", "sysctl in netns");
                var inside = await ns.RunAsync(_ => new FileInfo("/proc/thread-self/ns/net").LinkTarget, CancellationToken.None);
                var program = await SystemProgram.RunAsync("readlink", ["/proc/self/ns/net"], new SystemProgramOptions { Namespace = ns }, CancellationToken.None);
                Check(program.StandardOutput.Trim() == inside, "program in netns");
                using (var table = Conntrack.Open(ns))
                {
                    Check(table.DeleteByAddress(IPAddress.Parse("10.0.0.9")) == 0, "conntrack");
                }

                using (var nft = Nftables.Open(ns))
                {
                    nft.Run("add table inet selftest");
                    Check(nft.Run("list tables").Contains("selftest", StringComparison.Ordinal), "libnftables in netns");
                }

                using var socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                TcpMd5.SetKey(socket, IPAddress.Loopback, "password");
            }
            finally
            {
                NetworkNamespace.Delete(name);
            }
        }

        Console.WriteLine("selftest ok");
        return 0;
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("selftest failed: " + what);
        }
    }
}
