using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Microsoft.Extensions.Time.Testing;

namespace Calico.Bgp.Tests;

/// <summary>The connection FSM against a scripted peer over loopback TCP, with timers on a FakeTimeProvider.</summary>
public sealed class FsmTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Recorder _handler = new();
    private Socket _peer = null!;
    private BgpConnection _connection = null!;
    private Task _run = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await ours.ConnectAsync(listener.LocalEndPoint!);
        _peer = await listener.AcceptAsync();
        var settings = new ConnectionSettings(64512, 0x0A000001, 65001, IPAddress.Loopback) { HoldTime = 9 };
        _connection = new BgpConnection(new NetworkStream(ours, ownsSocket: true), settings, inbound: false, _time);
        _run = _connection.RunAsync(_handler, TestContext.Current.CancellationToken);
        var open = Assert.IsType<OpenMessage>(await ReadAsync());
        Assert.Equal(9, open.HoldTime);
        Assert.Equal(64512u, open.PeerAs);
    }

    public async ValueTask DisposeAsync()
    {
        _peer.Dispose();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task Open_and_keepalive_establish_the_session()
    {
        await EstablishAsync();
        Assert.Equal(SessionState.Established, _connection.State);
        Assert.Equal(9, _connection.Negotiated!.HoldTime);
    }

    [Fact]
    public async Task Keepalives_are_sent_every_third_of_the_hold_time()
    {
        await EstablishAsync();
        // Two periods (6 s) stay inside the 9 s hold time whether or not the speaker has processed our replies yet:
        // the fake clock moves at once, the speaker's reads do not, so a third period would race its hold timer.
        for (var i = 0; i < 2; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(3));
            Assert.IsType<KeepaliveMessage>(await ReadAsync());
            await SendAsync(MessageHeader.Keepalive());
        }
    }

    [Fact]
    public async Task Silence_for_the_hold_time_sends_hold_timer_expired()
    {
        await EstablishAsync();
        var notification = await ReadNotificationAfterAsync(TimeSpan.FromSeconds(9));
        Assert.Equal((BgpError.HoldTimerExpired, (byte)0), (notification.Code, notification.Subcode));
        await _run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Contains("hold", _handler.ClosedReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_open_within_the_open_hold_time_expires()
    {
        var notification = await ReadNotificationAfterAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(BgpError.HoldTimerExpired, notification.Code);
    }

    [Fact]
    public async Task Update_in_open_sent_is_an_fsm_error()
    {
        await SendAsync(UpdateEncoder.EndOfRib(BgpFamily.IPv4Unicast));
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.FiniteStateMachine, BgpError.UnexpectedInOpenSent), (notification.Code, notification.Subcode));
    }

    [Fact]
    public async Task Update_in_open_confirm_is_an_fsm_error()
    {
        await SendAsync(Wire.Open(hold: 9).Encode());
        Assert.IsType<KeepaliveMessage>(await ReadAsync());
        await SendAsync(UpdateEncoder.EndOfRib(BgpFamily.IPv4Unicast));
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.FiniteStateMachine, BgpError.UnexpectedInOpenConfirm), (notification.Code, notification.Subcode));
    }

    [Fact]
    public async Task Open_in_established_is_an_fsm_error()
    {
        await EstablishAsync();
        await SendAsync(Wire.Open(hold: 9).Encode());
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.FiniteStateMachine, BgpError.UnexpectedInEstablished), (notification.Code, notification.Subcode));
    }

    [Fact]
    public async Task Malformed_header_gets_its_notification_and_closes()
    {
        await EstablishAsync();
        await SendAsync([0xFE, .. MessageHeader.Keepalive()[1..]]);
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.MessageHeader, BgpError.ConnectionNotSynchronized), (notification.Code, notification.Subcode));
        await _run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(SessionState.Idle, _connection.State);
    }

    [Fact]
    public async Task Wrong_peer_as_is_refused_with_bad_peer_as()
    {
        await SendAsync(Wire.Open(asn: 65099, hold: 9).Encode());
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.OpenMessage, BgpError.BadPeerAs), (notification.Code, notification.Subcode));
    }

    [Fact]
    public async Task Treat_as_withdraw_update_keeps_the_session()
    {
        await EstablishAsync();
        await SendAsync(Wire.Update([.. Wire.Origin(9), .. Wire.AsPath(65001), .. Wire.NextHop()]));
        await SendAsync(Wire.Update(Wire.Mandatory()));
        await Interop.Shell.EventuallyAsync(() => _handler.Updates.Count == 2, "two updates delivered");
        Assert.Equal(UpdateErrorAction.TreatAsWithdraw, _handler.Updates[0].Action);
        Assert.Equal(2, _handler.Updates[0].Withdrawn.Count);
        Assert.Equal(2, _handler.Updates[1].Announced.Count);
        Assert.Equal(SessionState.Established, _connection.State);
    }

    [Fact]
    public async Task Collision_keeps_the_connection_from_the_higher_identifier()
    {
        _handler.AcceptOpen = false; // the peer host decided the other connection wins
        await SendAsync(Wire.Open(hold: 9).Encode());
        var notification = Assert.IsType<NotificationMessage>(await ReadAsync());
        Assert.Equal((BgpError.Cease, BgpError.ConnectionCollisionResolution), (notification.Code, notification.Subcode));
    }

    private async Task EstablishAsync()
    {
        await SendAsync(Wire.Open(hold: 30).Encode());
        Assert.IsType<KeepaliveMessage>(await ReadAsync());
        await SendAsync(MessageHeader.Keepalive());
        await Interop.Shell.EventuallyAsync(() => _connection.State == SessionState.Established, "established");
    }

    private async Task<NotificationMessage> ReadNotificationAfterAsync(TimeSpan elapsed)
    {
        var step = TimeSpan.FromSeconds(1);
        var advanced = TimeSpan.Zero;
        while (true)
        {
            var read = ReadAsync();
            while (!read.IsCompleted)
            {
                if (advanced < elapsed + TimeSpan.FromSeconds(5))
                {
                    _time.Advance(step);
                    advanced += step;
                }

                await Task.WhenAny(read, Task.Delay(20, TestContext.Current.CancellationToken));
            }

            if (await read is NotificationMessage notification)
            {
                Assert.True(advanced >= elapsed, "notification came after " + advanced + ", before " + elapsed);
                return notification;
            }
        }
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        await Task.Delay(50, TestContext.Current.CancellationToken);
    }

    private async Task SendAsync(byte[] message) => await _peer.SendAsync(message, SocketFlags.None, TestContext.Current.CancellationToken);

    private async Task<object?> ReadAsync()
    {
        var header = new byte[MessageHeader.Size];
        await ReadExactlyAsync(header);
        var (_, length) = MessageHeader.Parse(header);
        var message = new byte[length];
        header.CopyTo(message, 0);
        await ReadExactlyAsync(message.AsMemory(MessageHeader.Size));
        return MessageDecoder.Decode(message, Wire.Ebgp);
    }

    private async Task ReadExactlyAsync(Memory<byte> buffer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (buffer.Length > 0)
        {
            var read = await _peer.ReceiveAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException("connection closed");
            }

            buffer = buffer[read..];
        }
    }

    private sealed class Recorder : ISessionHandler
    {
        public bool AcceptOpen { get; set; } = true;

        public List<UpdateMessage> Updates { get; } = [];

        public string ClosedReason { get; private set; } = string.Empty;

        public bool OnOpen(BgpConnection connection) => AcceptOpen;

        public void OnEstablished(BgpConnection connection)
        {
        }

        public void OnUpdate(BgpConnection connection, UpdateMessage update)
        {
            lock (Updates)
            {
                Updates.Add(update);
            }
        }

        public void OnRouteRefresh(BgpConnection connection, BgpFamily family)
        {
        }

        public void OnClosed(BgpConnection connection, string reason, bool notificationExchanged) => ClosedReason = reason;
    }
}
