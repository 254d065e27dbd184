using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;
using Calico.TestSupport;
using Xunit;
using static Calico.TestSupport.Dataplane.Snapshots;

namespace Calico.Dataplane.Iptables.Tests.Kernel;

/// <summary>
/// IPv6 through ip6tables (neighbour discovery to the host allowed ahead of policy, endpoint-to-host Drop),
/// anti-spoofing in both families and the VXLAN drop, with real sockets in the pod namespaces.
/// </summary>
public sealed class AntiSpoofingTests
{
    private static readonly IPAddress A6 = IPAddress.Parse("fd00:10:244::0:2");
    private static readonly IPAddress B6 = IPAddress.Parse("fd00:10:244::0:3");

    [Theory]
    [InlineData(IptablesBackend.Nft)]
    [InlineData(IptablesBackend.Legacy)]
    public async Task Workloads_send_only_from_their_own_addresses_in_both_families_and_never_vxlan(IptablesBackend backend)
    {
        Requires.Root();
        await using var node = Node.Start(backend);
        var ct = TestContext.Current.CancellationToken;
        EndpointProgram DualStack(string name, string iface, string v4, IPAddress v6) =>
            Workload(name, iface, v4) with { Addresses = Of(Host(v4), Host(v6.ToString())) };
        await Pod(node, "a", ["-6", "addr", "add", "fd00:10:244::99/128", "dev", "eth0", "nodad"]);
        await Pod(node, "a", ["addr", "add", "10.65.0.99/32", "dev", "eth0"]);
        var spoofed4 = IPAddress.Parse("10.65.0.99");
        var spoofed6 = IPAddress.Parse("fd00:10:244::99");
        var b4 = IPAddress.Parse("10.65.0.3");

        // Control, before the first reconcile: the routed path itself delivers spoofed sources and VXLAN.
        Assert.True(await UdpArrivesAsync(node, spoofed6, B6, 5000, ct));
        Assert.True(await UdpArrivesAsync(node, spoofed4, b4, 5000, ct));
        Assert.True(await UdpArrivesAsync(node, IPAddress.Parse("10.65.0.2"), b4, 4789, ct));

        await node.Dataplane.ReconcileAsync(Snapshot(
            1,
            [],
            [AllowAll(OpenProfile)],
            [DualStack("a", Node.IfA, "10.65.0.2", A6), DualStack("b", Node.IfB, "10.65.0.3", B6)]), ct);

        // IPv6 works end to end (the pods resolve the host's link-layer address through our INPUT chain).
        Assert.True(await ConnectsAsync(node, A6, B6, ct));
        Assert.True(await UdpArrivesAsync(node, A6, B6, 5000, ct));
        Assert.True(await UdpArrivesAsync(node, IPAddress.Parse("10.65.0.2"), b4, 5000, ct));

        // The same pod sending from an address that is not its own is dropped, in both families.
        Assert.False(await UdpArrivesAsync(node, spoofed6, B6, 5000, ct));
        Assert.False(await UdpArrivesAsync(node, spoofed4, b4, 5000, ct));

        // VXLAN (UDP 4789) from a workload is dropped even though policy allows everything.
        Assert.False(await UdpArrivesAsync(node, IPAddress.Parse("10.65.0.2"), b4, 4789, ct));
    }

    private static Task Pod(Node node, string pod, string[] args) =>
        SystemProgram.RunAsync("ip", args, new SystemProgramOptions { Namespace = node.Kernel.Namespace(pod) }, TestContext.Current.CancellationToken);

    private static async Task<bool> ConnectsAsync(Node node, IPAddress from, IPAddress to, CancellationToken ct)
    {
        var family = to.AddressFamily;
        using var listener = node.Kernel.Namespace("b").Run(() =>
        {
            var s = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 9100));
            s.Listen();
            return s;
        });
        using var client = node.Kernel.Namespace("a").Run(() =>
        {
            var s = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(from, 0));
            return s;
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2)); // IPv6 neighbour discovery may take a moment on first use
        try
        {
            await client.ConnectAsync(new IPEndPoint(to, 9100), timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> UdpArrivesAsync(Node node, IPAddress from, IPAddress to, int port, CancellationToken ct)
    {
        var family = to.AddressFamily;
        using var receiver = node.Kernel.Namespace("b").Run(() =>
        {
            var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, port));
            return s;
        });
        using var sender = node.Kernel.Namespace("a").Run(() =>
        {
            var s = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(from, 0));
            return s;
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(1500));
        var buffer = new byte[16];
        var receive = receiver.ReceiveAsync(buffer, timeout.Token).AsTask();
        for (var i = 0; i < 5 && !receive.IsCompleted; i++)
        {
            await sender.SendToAsync("probe"u8.ToArray(), new IPEndPoint(to, port), ct);
            await Task.Delay(150, ct);
        }

        try
        {
            return await receive > 0;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
