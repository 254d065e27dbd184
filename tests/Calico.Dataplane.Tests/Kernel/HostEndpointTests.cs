using System.Net;
using Calico.Conformance.NetpolKernel;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>
/// Host endpoints on the node's uplink <c>eth0</c> (address 172.18.0.2), probed from the external namespace behind
/// it: failsafe ports, the deny-by-default of an endpoint without policy or profile, deltas adding, changing and
/// removing a host endpoint, the all-interfaces endpoint and configured failsafe lists.
/// </summary>
public sealed class HostEndpointTests
{
    private static readonly PolicyId AllowWeb = new(PolicyKind.GlobalNetworkPolicy, null, "allow-8080");

    [Fact]
    public async Task Host_endpoint_without_policy_denies_all_but_failsafe_ports_and_deltas_add_change_and_remove_it()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(KernelNode.HostPeer).Serve([("TCP", 22), ("TCP", 8080), ("UDP", 68), ("UDP", 9)]);
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080)); // no host endpoint yet

        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointUpdates = Of(Uplink("eth0")) }, ct);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 22)); // failsafe
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "UDP", 68)); // failsafe
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080)); // no policy, no profile
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "UDP", 9));
        Assert.True(await node.AllowedAsync(KernelNode.HostPeer, "a", "TCP", 80)); // host → workload is not policed
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, "a", "TCP", 80)); // forwarded: no applyOnForward policy

        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 3,
            PolicyUpdates = Of(AllowTcp(AllowWeb, 8080)),
            EndpointUpdates = Of(Uplink("eth0", AllowWeb)),
        }, ct);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080));
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "UDP", 9)); // end of tier

        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 4,
            EndpointRemovals = Of(EndpointId.Host("node1-eth0")),
            PolicyRemovals = Of(AllowWeb),
        }, ct);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "UDP", 9));
        Assert.DoesNotContain("fh-node1-eth0", await node.ListAsync("table inet calico"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_interfaces_endpoint_and_configured_failsafe_ports_apply_to_host_traffic()
    {
        Requires.Root();
        await using var node = Node.Start(o => o with { FailsafeInboundHostPorts = [new FailsafePort(6, 8080)] });
        var ct = TestContext.Current.CancellationToken;
        node.Kernel.Servers(KernelNode.HostPeer).Serve([("TCP", 22), ("TCP", 8080)]);
        var snapshot = Node.Baseline();
        await node.Dataplane.ReconcileAsync(snapshot with
        {
            Endpoints = new Dictionary<EndpointId, EndpointProgram>(snapshot.Endpoints) { [EndpointId.Host("node1-eth0")] = Uplink("*") },
        }, ct);
        Assert.True(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 8080)); // the configured failsafe port
        Assert.False(await node.AllowedAsync(KernelNode.ExternalPeer, KernelNode.HostPeer, "TCP", 22)); // not failsafe any more
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // workload ↔ workload is not a host endpoint's business
    }

    private static EndpointProgram Uplink(string iface, params PolicyId[] ingress) => new()
    {
        Id = EndpointId.Host("node1-eth0"),
        InterfaceName = iface,
        Addresses = Of(Host("172.18.0.2")),
        Ingress = new DirectionProgram(
            ingress.Length == 0 ? default : Of(new TierProgram("default", Of(ingress), EndOfTierDrop: true)),
            default,
            ProgramEnd.Profiles),
        Egress = new DirectionProgram(default, default, ProgramEnd.Profiles),
    };

    private static CompiledPolicy AllowTcp(PolicyId id, ushort port) => new(
        id,
        Of(new CompiledRule { Action = RuleAction.Allow, Protocol = 6, Destination = new EntityMatch { Ports = Of(new PortRange(port, port)) } }),
        Of<CompiledRule>());
}
