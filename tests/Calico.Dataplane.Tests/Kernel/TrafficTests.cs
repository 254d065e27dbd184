using System.Net;
using System.Net.Sockets;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>Real packets between pod namespaces through the programmed node namespace.</summary>
public sealed class TrafficTests
{
    [Fact]
    public async Task Policy_allows_and_denies_tcp_udp_and_sctp_as_programmed()
    {
        Requires.Root();
        await using var node = Node.Start();
        await node.Dataplane.ReconcileAsync(Node.Baseline(), TestContext.Current.CancellationToken);

        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // a is in the source set
        Assert.True(await node.AllowedAsync("b", "a", "TCP", 80)); // a has no policy: its profile allows
        Assert.True(await node.AllowedAsync("a", "b", "UDP", 53)); // UDP 53 from anyone
        Assert.False(await node.AllowedAsync("a", "b", "UDP", 54)); // end of tier drop
        Assert.False(await node.AllowedAsync("a", "b", "SCTP", 80)); // only TCP 80 is allowed from a
        Assert.True(await node.AllowedAsync("b", "a", "SCTP", 80)); // raw INIT reaches an open pod
        Assert.True(node.Dataplane.Status.Ready);
        Assert.Equal(1, node.Dataplane.Status.AppliedGeneration);
    }

    [Fact]
    public async Task Interface_without_an_endpoint_program_passes_nothing_until_programmed()
    {
        Requires.Root();
        await using var node = Node.Start();
        await node.Dataplane.ReconcileAsync(Node.Baseline(), TestContext.Current.CancellationToken);
        Assert.False(await node.AllowedAsync("a", "c", "TCP", 80));
        Assert.False(await node.AllowedAsync("c", "a", "TCP", 80));
        Assert.False(await node.AllowedAsync("c", "a", "UDP", 53));

        var waiting = node.Dataplane.WaitForEndpointProgrammedAsync(EndpointId.Workload("x", "c"), "1", TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")) }, TestContext.Current.CancellationToken);
        var programmed = await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, programmed.Generation);
        Assert.True(await node.AllowedAsync("a", "c", "TCP", 80)); // first connection after the signal gets the final verdict
        Assert.True(await node.AllowedAsync("c", "a", "TCP", 80));
    }

    [Fact]
    public async Task Deltas_change_verdicts_without_a_rebuild()
    {
        Requires.Root();
        await using var node = Node.Start();
        await node.Dataplane.ReconcileAsync(Node.Baseline(), TestContext.Current.CancellationToken);
        Assert.False(await node.AllowedAsync("c", "b", "TCP", 80));

        // Add a's set member for c only: c is not programmed, so b's ingress allows it but c's egress is fail closed.
        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 2,
            IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.4"))), Of(new IpSetMember(Host("10.65.0.2"))))),
            EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")),
        }, TestContext.Current.CancellationToken);
        Assert.True(await node.AllowedAsync("c", "b", "TCP", 80));
        Assert.False(await node.AllowedAsync("a", "b", "TCP", 80));

        // Remove the policy from b: the profile allows everything again.
        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 3,
            EndpointUpdates = Of(Workload("b", Node.IfB, "10.65.0.3")),
            PolicyRemovals = Of(AllowFromA),
            IpSetRemovals = Of(SetA),
        }, TestContext.Current.CancellationToken);
        Assert.True(await node.AllowedAsync("a", "b", "UDP", 54));
        Assert.DoesNotContain("allow-from-a", await node.ListAsync("table inet calico"), StringComparison.Ordinal);

        // Remove endpoint b: its interface is unknown again and fails closed.
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 4, EndpointRemovals = Of(EndpointId.Workload("x", "b")) }, TestContext.Current.CancellationToken);
        Assert.False(await node.AllowedAsync("a", "b", "TCP", 80));
        Assert.Equal(4, node.Dataplane.Status.AppliedGeneration);
    }

    [Fact]
    public async Task Established_flow_survives_a_dataplane_restart_and_resync()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        using var listener = node.Kernel.Namespace("a").Run(() =>
        {
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Any, 9000));
            s.Listen();
            return s;
        });
        using var client = node.Kernel.Namespace("b").Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await client.ConnectAsync(new IPEndPoint(IPAddress.Parse("10.65.0.2"), 9000), ct);
        using var server = await listener.AcceptAsync(ct);

        var restarted = await node.RestartAsync(new NftablesDataplaneOptions());
        Assert.Contains("table inet calico", await node.ListAsync("table inet calico"), StringComparison.Ordinal); // not flushed on stop
        // The new instance's first reconcile denies new connections from b to a; the established flow must live on.
        var closed = Node.Baseline(2);
        var denyAll = closed.Endpoints[EndpointId.Workload("x", "a")] with
        {
            Ingress = new DirectionProgram(Of(new TierProgram("default", Of(AllowFromA), true)), Of(OpenProfile), ProgramEnd.Profiles),
        };
        await restarted.ReconcileAsync(closed with { Endpoints = new Dictionary<EndpointId, EndpointProgram>(closed.Endpoints) { [denyAll.Id] = denyAll } }, ct);
        Assert.False(await node.AllowedAsync("b", "a", "TCP", 80));

        await client.SendAsync("still here"u8.ToArray(), ct);
        var buffer = new byte[32];
        using var receive = CancellationTokenSource.CreateLinkedTokenSource(ct);
        receive.CancelAfter(TimeSpan.FromSeconds(3));
        var read = await server.ReceiveAsync(buffer, receive.Token);
        Assert.Equal("still here", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }
}
