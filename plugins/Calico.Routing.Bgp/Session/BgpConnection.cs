using System.Buffers;
using System.IO.Pipelines;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>
/// One TCP connection running the RFC 4271 FSM from OpenSent to Established: OPEN exchange and validation, hold and
/// keepalive timers on a <see cref="TimeProvider"/>, message framing over a pipe, and a NOTIFICATION for every
/// protocol error. Routes are handed to the <see cref="ISessionHandler"/>.
/// </summary>
internal sealed partial class BgpConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _coalesce = new byte[64 * 1024];
    private BgpProtocolException? _closeWith;
    private DateTimeOffset? _holdDeadline;
    private TimeSpan _holdTime;
    private TimeSpan _keepaliveInterval;
    private DateTimeOffset _nextKeepalive = DateTimeOffset.MaxValue;
    private OpenMessage? _sent;

    public BgpConnection(Stream stream, ConnectionSettings settings, bool inbound, TimeProvider time)
    {
        _stream = stream;
        Settings = settings;
        Inbound = inbound;
        _time = time;
        Context = new UpdateContext(true, settings.External, settings.PeerAs);
    }

    public ConnectionSettings Settings { get; }

    /// <summary>Our end of the TCP connection (the next hop we advertise as "self").</summary>
    public System.Net.IPAddress? LocalAddress { get; init; }

    /// <summary>Whether the peer opened this connection (we accepted it).</summary>
    public bool Inbound { get; }

    public SessionState State { get; private set; } = SessionState.Idle;

    public NegotiatedSession? Negotiated { get; private set; }

    public UpdateContext Context { get; private set; }

    public async Task RunAsync(ISessionHandler handler, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var reason = "connection closed";
        var notified = false;
        Task? timers = null;
        try
        {
            State = SessionState.OpenSent;
            _holdDeadline = _time.GetUtcNow() + Settings.OpenHoldTime;
            _sent = Settings.BuildOpen();
            await SendAsync(_sent.Encode(), linked.Token).ConfigureAwait(false);
            timers = TimersAsync(linked.Token);
            await ReadLoopAsync(handler, linked.Token).ConfigureAwait(false);
        }
        catch (BgpProtocolException error)
        {
            _closeWith = error;
        }
        catch (NotificationReceivedException received)
        {
            reason = "peer sent NOTIFICATION " + received.Notification;
            notified = true;
        }
        catch (OperationCanceledException) when (_closeWith is not null || cancellationToken.IsCancellationRequested)
        {
            reason = "stopped";
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = "connection lost: " + error.Message;
        }
        finally
        {
            if (_closeWith is { } error)
            {
                reason = error.Message;
                notified = true;
                await TrySendNotificationAsync(error).ConfigureAwait(false);
            }

            State = SessionState.Idle;
            await linked.CancelAsync().ConfigureAwait(false);
            if (timers is not null)
            {
                await timers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
            handler.OnClosed(this, reason, notified);
        }
    }

    /// <summary>Ends the connection, sending <paramref name="error"/> as the NOTIFICATION.</summary>
    public void Close(BgpProtocolException error)
    {
        _closeWith ??= error;
        _stop.Cancel();
    }

    public async ValueTask SendAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends many messages with as few socket writes as possible.</summary>
    public async ValueTask SendManyAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var used = 0;
            foreach (var message in messages)
            {
                if (used + message.Length > _coalesce.Length)
                {
                    await _stream.WriteAsync(_coalesce.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                    used = 0;
                }

                message.CopyTo(_coalesce, used);
                used += message.Length;
            }

            if (used > 0)
            {
                await _stream.WriteAsync(_coalesce.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync(ISessionHandler handler, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryTakeMessage(ref buffer, out var message, out var length))
                {
                    try
                    {
                        Dispatch(handler, message.AsSpan(0, length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(message);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new IOException("peer closed the connection");
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryTakeMessage(ref ReadOnlySequence<byte> buffer, out byte[] message, out int length)
    {
        message = [];
        length = 0;
        if (buffer.Length < MessageHeader.Size)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MessageHeader.Size];
        buffer.Slice(0, MessageHeader.Size).CopyTo(header);
        (_, length) = MessageHeader.Parse(header);
        if (buffer.Length < length)
        {
            return false;
        }

        message = ArrayPool<byte>.Shared.Rent(length);
        buffer.Slice(0, length).CopyTo(message);
        buffer = buffer.Slice(length);
        return true;
    }

    private async Task TrySendNotificationAsync(BgpProtocolException error)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await SendAsync(new NotificationMessage(error.Code, error.Subcode, error.NotificationData).Encode(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone; the NOTIFICATION is best effort (RFC 4271 §6).
        }
    }
}
