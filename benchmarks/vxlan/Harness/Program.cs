using System.Net;
using Calico.Routing.Vxlan;
using Calico.Sdk.Linux;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;

// Programs VXLAN routing in the benchmark's node namespaces through the public plugin API (DI, IRouter), exactly as
// the node agent would, then exits: the kernel state stays for iperf3.
//   Calico.Benchmarks.Vxlan <namespace-of-node-1> <namespace-of-node-2> [4|6]
// Layout (set up by run.sh): node N has eth0 198.18.0.N/24, block 198.19.N.0/26, VXLAN tunnel address 198.19.N.1;
// with 6: eth0 fd00:18::N/64, block fd00:19:N::/122, IPv6 VXLAN tunnel address fd00:19:N::1 (vxlan-v6.calico only).
if (args.Length is not (2 or 3) || (args.Length == 3 && args[2] is not ("4" or "6")))
{
    Console.Error.WriteLine("usage: Calico.Benchmarks.Vxlan <node-1 netns name> <node-2 netns name> [4|6]");
    return 2;
}

var v6 = args.Length == 3 && args[2] == "6";
var nodes = new[] { Node("bench-n1", 1, v6), Node("bench-n2", 2, v6) };
var blocks = new[] { Block(1, "bench-n1", v6), Block(2, "bench-n2", v6) };
for (var i = 0; i < 2; i++)
{
    using var ns = NetworkNamespace.OpenByName(args[i]);
    await using var provider = new ServiceCollection().AddVxlanRouting(o => o.Namespace = ns).BuildServiceProvider();
    var router = provider.GetServices<IRouter>().Single();
    await router.StartAsync(nodes[i]);
    await router.ReconcileAsync(new RoutingState(nodes[i], nodes, blocks));
}

return 0;

static RoutingNode Node(string name, int n, bool v6) => v6
    ? new(name, null, IPAddress.Parse($"fd00:18::{n}")) { VxlanTunnelAddressV6 = IPAddress.Parse($"fd00:19:{n}::1") }
    : new(name, IPAddress.Parse($"198.18.0.{n}"), null) { IPv4Subnet = IPNetwork.Parse("198.18.0.0/24"), VxlanTunnelAddress = IPAddress.Parse($"198.19.{n}.1") };

static RoutedBlock Block(int n, string node, bool v6) =>
    new(IPNetwork.Parse(v6 ? $"fd00:19:{n}::/122" : $"198.19.{n}.0/26"), node, Encapsulation.VxlanAlways);
