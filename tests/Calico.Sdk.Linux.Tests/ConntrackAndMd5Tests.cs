using System.Net;
using System.Net.Sockets;
using Calico.TestSupport;
using Xunit;
using static Calico.Sdk.Linux.Tests.GoldenEncodingTests;

namespace Calico.Sdk.Linux.Tests;

public sealed class ConntrackAndMd5Tests
{
    private const string TrackingRuleset = """
        table inet calico_test {
          chain input {
            type filter hook input priority 0; policy accept;
            ct state established,related accept
          }
        }
        """;

    [Fact]
    public async Task Conntrack_deletes_a_real_flow_between_two_namespaces_by_address()
    {
        Requires.Program("nft");
        using var client = Sandbox.Create();
        using var server = Sandbox.Create();
        var ct = TestContext.Current.CancellationToken;
        var link = client.Route.AddLink(new VethLink("eth0", "eth0") { PeerNamespace = server.Namespace, Up = true });
        server.Route.SetLink("eth0", new LinkSettings { Up = true });
        client.Route.AddAddress(new AddressInfo(link.Index, Ip("10.30.0.1"), 24));
        server.Route.AddAddress(new AddressInfo(server.Route.GetLink("eth0")!.Index, Ip("10.30.0.2"), 24));
        // Conntrack only tracks in a namespace once something needs it: a ct rule.
        await SystemProgram.RunAsync("nft", ["-f", "-"], new SystemProgramOptions { StandardInput = TrackingRuleset, Namespace = server.Namespace }, ct);

        using var listener = server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(Ip("10.30.0.2"), 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var socket = client.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(new IPEndPoint(Ip("10.30.0.2"), port), ct);
        using var accepted = await listener.AcceptAsync(ct);

        using var table = Conntrack.Open(server.Namespace);
        var flow = Assert.Single(table.GetFlows(AddressFamily.InterNetwork), f => f.Protocol == 6 && f.DestinationPort == port);
        Assert.Equal(Ip("10.30.0.1"), flow.Source);
        Assert.Equal(Ip("10.30.0.2"), flow.ReplySource);
        Assert.Equal(0, table.DeleteByAddress(Ip("10.30.0.99")));
        Assert.Equal(1, table.DeleteByAddress(Ip("10.30.0.1")));
        Assert.DoesNotContain(table.GetFlows(), f => f.Involves(Ip("10.30.0.1")));
    }

    [Fact]
    public async Task Md5_listener_accepts_the_right_key_and_drops_a_wrong_or_missing_one()
    {
        using var s = Sandbox.Create();
        var ct = TestContext.Current.CancellationToken;
        Socket NewSocket() => s.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        var loopback = IPAddress.Loopback;
        using var listener = NewSocket();
        TcpMd5.SetKey(listener, loopback, "calico-bgp-password");
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        using (var good = NewSocket())
        {
            TcpMd5.SetKey(good, loopback, "calico-bgp-password");
            await good.ConnectAsync(endpoint, ct);
            using var accepted = await listener.AcceptAsync(ct);
            await good.SendAsync("hello"u8.ToArray(), ct);
            var buffer = new byte[5];
            Assert.Equal(5, await accepted.ReceiveAsync(buffer, ct));
        }

        foreach (var key in new[] { "wrong-password", null })
        {
            using var bad = NewSocket();
            if (key is not null)
            {
                TcpMd5.SetKey(bad, loopback, key);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(1500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await bad.ConnectAsync(endpoint, timeout.Token));
        }

        TcpMd5.RemoveKey(listener, loopback);
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpMd5.SetKey(listener, loopback, new byte[81]));
        var error = Assert.Throws<LinuxSystemException>(() => TcpMd5.RemoveKey(listener, IPAddress.Parse("10.9.9.9")));
        Assert.Equal("ENOENT", error.ErrorName);
        Assert.Contains("10.9.9.9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Md5_prefix_key_is_accepted()
    {
        using var s = Sandbox.Create();
        using var listener = s.Namespace.Run(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp));
        TcpMd5.SetKey(listener, IPAddress.Parse("10.0.0.0"), "k"u8, prefixLength: 8); // dual-mode: mapped to ::ffff:10.0.0.0
        TcpMd5.SetKey(listener, IPAddress.Parse("fd00::"), "k"u8, prefixLength: 64);
        TcpMd5.RemoveKey(listener, IPAddress.Parse("fd00::"), prefixLength: 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpMd5.SetKey(listener, IPAddress.Parse("fd00::"), "k"u8, prefixLength: 129));
    }
}
