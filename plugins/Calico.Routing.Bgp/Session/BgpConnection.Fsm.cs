using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>Message handling per state and the hold/keepalive timers (RFC 4271 §8.2.2, RFC 6608 FSM subcodes).</summary>
internal sealed partial class BgpConnection
{
    private void Dispatch(ISessionHandler handler, ReadOnlySpan<byte> bytes)
    {
        var message = MessageDecoder.Decode(bytes, Context);
        if (message is NotificationMessage notification)
        {
            throw new NotificationReceivedException(notification);
        }

        if (_holdTime > TimeSpan.Zero || State == SessionState.OpenSent)
        {
            _holdDeadline = _time.GetUtcNow() + (State == SessionState.OpenSent ? Settings.OpenHoldTime : _holdTime);
        }

        switch (State, message)
        {
            case (SessionState.OpenSent, OpenMessage open):
                Negotiated = OpenValidator.Validate(open, _sent!, Settings.PeerAs);
                Context = new UpdateContext(Negotiated.FourOctetAs, Settings.External, Negotiated.PeerAs)
                {
                    IPv4 = Negotiated.Families.Contains(BgpFamily.IPv4Unicast),
                    IPv6 = Negotiated.Families.Contains(BgpFamily.IPv6Unicast),
                };
                if (!handler.OnOpen(this))
                {
                    throw new BgpProtocolException(BgpError.Cease, BgpError.ConnectionCollisionResolution, "another connection to " + Settings.PeerAddress + " wins");
                }

                _holdTime = TimeSpan.FromSeconds(Negotiated.HoldTime);
                _keepaliveInterval = _holdTime / 3;
                _holdDeadline = _holdTime > TimeSpan.Zero ? _time.GetUtcNow() + _holdTime : null;
                State = SessionState.OpenConfirm;
                _nextKeepalive = _keepaliveInterval > TimeSpan.Zero ? _time.GetUtcNow() + _keepaliveInterval : DateTimeOffset.MaxValue;
                QueueKeepalive();
                break;
            case (SessionState.OpenConfirm, KeepaliveMessage):
                State = SessionState.Established;
                handler.OnEstablished(this);
                break;
            case (SessionState.Established, UpdateMessage update):
                handler.OnUpdate(this, update);
                break;
            case (SessionState.Established, KeepaliveMessage):
                break;
            case (SessionState.Established, RouteRefreshMessage refresh):
                handler.OnRouteRefresh(this, refresh.Family);
                break;
            case (SessionState.Established, null):
                break; // ROUTE-REFRESH for a family we do not carry
            default:
                var subcode = State switch
                {
                    SessionState.OpenSent => BgpError.UnexpectedInOpenSent,
                    SessionState.OpenConfirm => BgpError.UnexpectedInOpenConfirm,
                    _ => BgpError.UnexpectedInEstablished,
                };
                throw new BgpProtocolException(BgpError.FiniteStateMachine, subcode, (message?.GetType().Name ?? "message") + " unexpected in " + State);
        }
    }

    private void QueueKeepalive() => _ = SendKeepaliveAsync();

    private async Task SendKeepaliveAsync()
    {
        try
        {
            await SendAsync(MessageHeader.Keepalive(), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _stop.Cancel();
        }
    }

    private async Task TimersAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                if (_holdDeadline is { } deadline && now >= deadline)
                {
                    Close(new BgpProtocolException(BgpError.HoldTimerExpired, 0, "no message from " + Settings.PeerAddress + " within the hold time"));
                    return;
                }

                if (_keepaliveInterval > TimeSpan.Zero && State is SessionState.OpenConfirm or SessionState.Established && now >= _nextKeepalive)
                {
                    QueueKeepalive();
                    _nextKeepalive = now + _keepaliveInterval;
                }

                var wake = TimeSpan.FromSeconds(1);
                if (_holdDeadline is { } hold && hold - now < wake)
                {
                    wake = hold - now;
                }

                if (_nextKeepalive != DateTimeOffset.MaxValue && _nextKeepalive - now < wake)
                {
                    wake = _nextKeepalive - now;
                }

                await Task.Delay(wake < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wake, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is closing.
        }
    }
}
