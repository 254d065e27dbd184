using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>Real packets between pod namespaces through the programmed node namespace, on both backends.</summary>
public sealed class TrafficTests
{
    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Policy_allows_and_denies_as_programmed(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        await node.Dataplane.ReconcileAsync(Node.Baseline(), TestContext.Current.CancellationToken);

        Assert.Equal(backend, node.Dataplane.ActiveBackend);
        Assert.True(await node.AllowedAsync("a", "b", "TCP", 80)); // a is in the source set
        Assert.True(await node.AllowedAsync("b", "a", "TCP", 80)); // a has no policy: its profile allows
        Assert.True(await node.AllowedAsync("a", "b", "UDP", 53)); // UDP 53 from anyone
        Assert.False(await node.AllowedAsync("a", "b", "UDP", 54)); // end of tier drop
        Assert.True(node.Dataplane.Status.Ready);
        Assert.Equal(1, node.Dataplane.Status.AppliedGeneration);
        Assert.Contains("-A FORWARD -j cali-FORWARD", await node.SaveAsync(4), StringComparison.Ordinal);
        Assert.Contains("-A FORWARD -j cali-FORWARD", await node.SaveAsync(6), StringComparison.Ordinal);
        Assert.Contains("cali60s:pod-a", await node.SetsAsync(), StringComparison.Ordinal);
        var other = backend == IptablesBackend.Nft ? "legacy" : "nft";
        Assert.DoesNotContain("*filter", await node.RunAsync($"iptables-{other}-save", []), StringComparison.Ordinal); // looking for leftovers creates nothing
        Assert.DoesNotContain("*filter", await node.RunAsync($"ip6tables-{other}-save", []), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Interface_without_an_endpoint_program_passes_nothing_until_programmed(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.False(await node.AllowedAsync("a", "c", "TCP", 80));
        Assert.False(await node.AllowedAsync("c", "a", "TCP", 80));

        var waiting = node.Dataplane.WaitForEndpointProgrammedAsync(EndpointId.Workload("x", "c"), "1", ct);
        Assert.False(waiting.IsCompleted);
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 2, EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")) }, ct);
        var programmed = await waiting.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(2, programmed.Generation);
        Assert.True(await node.AllowedAsync("a", "c", "TCP", 80)); // first connection after the signal gets the final verdict
        Assert.True(await node.AllowedAsync("c", "a", "TCP", 80));
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Deltas_change_verdicts_and_remove_what_is_gone(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.False(await node.AllowedAsync("c", "b", "TCP", 80));

        // Swap a's set member for c and program c: b's ingress now allows c, not a.
        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 2,
            IpSetUpdates = Of(new IpSetUpdate(SetA, IpSetKind.Net, Of(new IpSetMember(Host("10.65.0.4"))), Of(new IpSetMember(Host("10.65.0.2"))))),
            EndpointUpdates = Of(Workload("c", Node.IfC, "10.65.0.4")),
        }, ct);
        Assert.True(await node.AllowedAsync("c", "b", "TCP", 80));
        Assert.False(await node.AllowedAsync("a", "b", "TCP", 80));

        // Remove the policy from b: the profile allows everything again; the policy's chains and set are gone.
        await node.Dataplane.ApplyAsync(new PolicyDelta
        {
            Generation = 3,
            EndpointUpdates = Of(Workload("b", Node.IfB, "10.65.0.3")),
            PolicyRemovals = Of(AllowFromA),
            IpSetRemovals = Of(SetA),
        }, ct);
        Assert.True(await node.AllowedAsync("a", "b", "UDP", 54));
        Assert.DoesNotContain("allow-from-a", await node.SaveAsync(4), StringComparison.Ordinal);
        Assert.DoesNotContain("pod-a", await node.SetsAsync(), StringComparison.Ordinal);

        // Remove endpoint b: its interface is unknown again and fails closed.
        await node.Dataplane.ApplyAsync(new PolicyDelta { Generation = 4, EndpointRemovals = Of(EndpointId.Workload("x", "b")) }, ct);
        Assert.False(await node.AllowedAsync("a", "b", "TCP", 80));
        Assert.DoesNotContain(Node.IfB, await node.SaveAsync(6), StringComparison.Ordinal);
        Assert.Equal(4, node.Dataplane.Status.AppliedGeneration);
    }

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Established_flow_survives_a_dataplane_restart_and_resync(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
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

        var before = await node.SaveAsync(4);
        var restarted = await node.RestartAsync(new IptablesDataplaneOptions { Backend = backend });
        await Task.Delay(200, ct);
        Assert.Equal(before, await node.SaveAsync(4)); // not flushed on stop, not touched on start

        // The new instance's first reconcile denies new connections from b to a; the established flow lives on.
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
