using Calico.Routing.Direct;
using Calico.Routing.Ipip;
using Calico.Routing.Vxlan;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;

namespace Calico.Routing.Tests.Kernel;

/// <summary>One router per simulated node, started and reconciled inside the node's namespace.</summary>
internal sealed class Routers : IAsyncDisposable
{
    private readonly Dictionary<string, KernelRouter> _routers = new(StringComparer.Ordinal);

    internal KernelRouter this[string node] => _routers[node];

    internal static async Task<Routers> StartAsync(Cluster cluster, Encapsulation encapsulation, CancellationToken cancellationToken, params RoutedBlock[] extra)
    {
        var routers = new Routers();
        try
        {
            foreach (var node in cluster.Nodes)
            {
                var router = Create(node, encapsulation);
                routers._routers[node.Name] = router;
                await router.StartAsync(node.Routing, cancellationToken);
                await router.ReconcileAsync(cluster.StateFor(node.Name, encapsulation, extra), cancellationToken);
            }

            return routers;
        }
        catch
        {
            await routers.DisposeAsync();
            throw;
        }
    }

    internal static KernelRouter Create(SimNode node, Encapsulation encapsulation) => encapsulation switch
    {
        Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet => new VxlanRouter(new VxlanRoutingOptions { Namespace = node.Host }, null),
        Encapsulation.IpipAlways or Encapsulation.IpipCrossSubnet => new IpipRouter(new IpipRoutingOptions { Namespace = node.Host }, null),
        _ => new DirectRouter(new DirectRoutingOptions { Namespace = node.Host }, null),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var router in _routers.Values)
        {
            await router.DisposeAsync();
        }
    }
}
