using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp;
using Calico.Sdk.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Calico.Bgp.Tests.Interop;

/// <summary>Three nodes, each running <see cref="BgpRouter"/> in its own namespace with the default node-to-node mesh:
/// every node installs the others' blocks and "pods" (addresses from those blocks) reach each other unencapsulated.</summary>
public sealed class MeshTests
{
    private static RoutingNode Node(int i) => new("node" + i, IPAddress.Parse("10.99.0." + i), IPAddress.Parse("fd99::" + i));

    private static RoutingState State(int local) => new(
        Node(local),
        [Node(1), Node(2), Node(3)],
        [.. Enumerable.Range(1, 3).SelectMany(i => new[]
        {
            new RoutedBlock(IPNetwork.Parse($"10.244.{i}.0/26"), "node" + i, Encapsulation.None),
            new RoutedBlock(IPNetwork.Parse($"fd00:244:{i}::/122"), "node" + i, Encapsulation.None),
        })]);

    [Fact]
    public async Task Three_speakers_mesh_and_pods_reach_each_other()
    {
        using var lab = Lab.Create(3);
        var providers = new List<ServiceProvider>();
        try
        {
            var routers = new List<BgpRouter>();
            for (var i = 1; i <= 3; i++)
            {
                lab.Ip(i, "addr", "add", $"10.244.{i}.1/32", "dev", "lo");
                lab.Ip(i, "addr", "add", $"fd00:244:{i}::1/128", "dev", "lo");
                var ns = lab.Open(i);
                var provider = new ServiceCollection().AddBgpRouting(o =>
                {
                    o.NodeName = "node" + i;
                    o.Namespace = ns;
                    o.HoldTime = TimeSpan.FromSeconds(9);
                    o.ConnectRetryTime = TimeSpan.FromSeconds(1);
                    o.RestartTime = TimeSpan.FromSeconds(10);
                }).BuildServiceProvider();
                providers.Add(provider);
                var router = provider.GetRequiredService<BgpRouter>();
                await router.StartAsync(Node(i), TestContext.Current.CancellationToken);
                await router.ReconcileAsync(State(i), TestContext.Current.CancellationToken);
                routers.Add(router);
            }

            await Shell.EventuallyAsync(() => routers.All(r => r.GetPeerStatus().Count(s => s.State == "Established") == 4), "every node has 4 mesh sessions (v4 and v6 to two nodes)",
                describe: () => string.Join(" | ", routers.Select(r => string.Join(", ", r.GetPeerStatus().Select(s => s.PeerAddress + " " + s.State)))));
            Assert.All(routers.SelectMany(r => r.GetPeerStatus()), s => Assert.Equal("node-to-node mesh", s.PeerType));
            await Shell.EventuallyAsync(() => lab.Ip(1, "route", "show", "proto", "84").Contains("10.244.3.0/26 via 10.99.0.3", StringComparison.Ordinal) && lab.Ip(3, "-6", "route", "show", "proto", "84").Contains("fd00:244:1::/122 via fd99::1", StringComparison.Ordinal), "blocks installed", describe: () => lab.Ip(1, "route"));
            foreach (var (from, to) in new[] { (1, 2), (2, 3), (3, 1) })
            {
                await Shell.EventuallyAsync(() => Reaches(lab, from, to, $"10.244.{from}.1", $"10.244.{to}.1"), $"IPv4 pod on node {from} reaches node {to}", describe: () => LastError ?? string.Empty);
                await Shell.EventuallyAsync(() => Reaches(lab, from, to, $"fd00:244:{from}::1", $"fd00:244:{to}::1"), $"IPv6 pod on node {from} reaches node {to}");
            }

            // A block moving away is withdrawn everywhere.
            await routers[1].ApplyAsync(new RoutingUpdate { RemovedBlocks = [IPNetwork.Parse("10.244.2.0/26")] }, TestContext.Current.CancellationToken);
            await Shell.EventuallyAsync(() => !lab.Ip(1, "route", "show", "proto", "84").Contains("10.244.2.0/26", StringComparison.Ordinal), "withdrawn block removed on node 1");
            Assert.DoesNotContain("10.244.2.0/26", lab.Ip(2, "route", "show", "proto", "84"), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    private static string? LastError { get; set; }

    /// <summary>A TCP connection from one pod address to another (source bound, so the routes of both directions are used).</summary>
    private static bool Reaches(Lab lab, int from, int to, string source, string destination)
    {
        using var target = lab.Open(to);
        using var origin = lab.Open(from);
        using var listener = target.Run(() =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(destination), 0));
            socket.Listen(1);
            return socket;
        });
        using var client = origin.Run(() =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            return socket;
        });
        try
        {
            var connect = client.ConnectAsync(listener.LocalEndPoint!);
            if (!connect.Wait(TimeSpan.FromSeconds(2)))
            {
                LastError = "connect timed out";
                return false;
            }

            using var accepted = listener.Accept();
            var remote = ((IPEndPoint)accepted.RemoteEndPoint!).Address;
            return (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).Equals(IPAddress.Parse(source));
        }
        catch (AggregateException error)
        {
            LastError = error.InnerException?.Message;
            return false;
        }
    }
}
