using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Calico.Bgp.Tests;

/// <summary>
/// The peer's reported state (what <c>calicoctl node status</c> shows) over real loopback connections: a second
/// connection from the other side while the session is up loses the collision and leaves the state and its time alone.
/// </summary>
public sealed class PeerStateTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_crossing_connection_while_established_keeps_the_state_and_its_time()
    {
        var host = new Host(_time);
        await using var peer = new BgpPeer(new PeerConfig(IPAddress.Loopback, 64512) { Passive = true }, host);
        using var first = await EstablishAsync(peer);
        var since = peer.Since;

        _time.Advance(TimeSpan.FromSeconds(5));
        using var second = await AcceptedAsync(peer);
        Assert.Equal((SessionState.Established, since), (peer.State, peer.Since));
        await second.SendAsync(Wire.Open(64512, hold: 30, id: 0x0A000002).Encode(), Ct);
        Assert.IsType<OpenMessage>(await ReadAsync(second));
        var refused = Assert.IsType<NotificationMessage>(await ReadAsync(second));
        Assert.Equal((BgpError.Cease, BgpError.ConnectionCollisionResolution), (refused.Code, refused.Subcode));

        Assert.Equal(0, await second.ReceiveAsync(new byte[1], SocketFlags.None, Ct));
        await Interop.Shell.EventuallyAsync(() => peer.ConnectionCount == 1, "the losing connection gone", 10);
        Assert.Equal((SessionState.Established, since, 1, 0), (peer.State, peer.Since, host.Up, host.Down));
    }

    [Fact]
    public async Task Losing_the_session_while_another_connection_opens_reports_that_connection()
    {
        var host = new Host(_time);
        await using var peer = new BgpPeer(new PeerConfig(IPAddress.Loopback, 64512) { Passive = true }, host);
        using var first = await EstablishAsync(peer);

        using var second = await AcceptedAsync(peer);
        Assert.IsType<OpenMessage>(await ReadAsync(second));
        first.Dispose();
        await Interop.Shell.EventuallyAsync(() => host.Down == 1, "the session lost", 10);
        Assert.Equal(SessionState.OpenSent, peer.State);
        Assert.Null(peer.Established);
    }

    /// <summary>Brings up a session over an accepted connection, playing the remote speaker; returns its end.</summary>
    private static async Task<Socket> EstablishAsync(BgpPeer peer)
    {
        var remote = await AcceptedAsync(peer);
        await remote.SendAsync(Wire.Open(64512, hold: 30, id: 0x0A000002).Encode(), Ct);
        Assert.IsType<OpenMessage>(await ReadAsync(remote));
        Assert.IsType<KeepaliveMessage>(await ReadAsync(remote));
        await remote.SendAsync(MessageHeader.Keepalive(), Ct);
        await Interop.Shell.EventuallyAsync(() => peer.State == SessionState.Established, "established", 10, () => peer.State.ToString());
        return remote;
    }

    /// <summary>Connects to a loopback listener and hands the accepted end to the peer; returns the remote end.</summary>
    private static async Task<Socket> AcceptedAsync(BgpPeer peer)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var remote = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await remote.ConnectAsync(listener.LocalEndPoint!, Ct);
        peer.Accept(await listener.AcceptAsync(Ct));
        return remote;
    }

    private static async Task<object?> ReadAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var header = new byte[MessageHeader.Size];
        await stream.ReadExactlyAsync(header, timeout.Token);
        var (_, length) = MessageHeader.Parse(header);
        var message = new byte[length];
        header.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(MessageHeader.Size), timeout.Token);
        return MessageDecoder.Decode(message, Wire.Ibgp);
    }

    private sealed class Host(TimeProvider time) : IPeerHost
    {
        private int _up;
        private int _down;

        public int Up => Volatile.Read(ref _up);

        public int Down => Volatile.Read(ref _down);

        public TimeProvider Time => time;

        public uint LocalAs => 64512;

        public uint RouterId => 0x0A000001;

        public TimeSpan ConnectRetryTime => TimeSpan.FromSeconds(1);

        public ConnectionSettings SettingsFor(BgpPeer peer) => new(LocalAs, RouterId, 64512, peer.Config.Address) { HoldTime = 30, RestartTime = 0 };

        public Task<Socket> ConnectAsync(BgpPeer peer, CancellationToken cancellationToken) => throw new SocketException((int)SocketError.ConnectionRefused);

        public void OnPeerUp(BgpPeer peer, BgpConnection connection) => Interlocked.Increment(ref _up);

        public void OnPeerDown(BgpPeer peer, BgpConnection connection, string reason, bool notificationExchanged) => Interlocked.Increment(ref _down);

        public void OnUpdate(BgpPeer peer, UpdateMessage update)
        {
        }

        public void OnRouteRefresh(BgpPeer peer, BgpFamily family)
        {
        }
    }
}
