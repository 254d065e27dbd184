using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

namespace Calico.Routing.Tests.Kernel;

/// <summary>Bulk TCP between two network namespaces: proves a path carries full-size segments, not just pings.</summary>
internal static class Tcp
{
    /// <summary>Sends <paramref name="bytes"/> from a socket in <paramref name="from"/> to a listener on
    /// <paramref name="address"/>:<paramref name="port"/> in <paramref name="to"/>; returns the bytes that arrived.</summary>
    internal static async Task<long> SendAsync(NetworkNamespace from, NetworkNamespace to, IPAddress address, int port, int bytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var listener = to.Run(() =>
        {
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(address, port));
            s.Listen();
            return s;
        });
        using var client = from.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        using var server = await accept;
        var send = Task.Run(async () =>
        {
            var chunk = new byte[16384];
            Random.Shared.NextBytes(chunk);
            for (var left = bytes; left > 0; left -= chunk.Length)
            {
                await client.SendAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)), timeout.Token);
            }

            client.Shutdown(SocketShutdown.Send);
        }, timeout.Token);
        long received = 0;
        var buffer = new byte[65536];
        int read;
        while ((read = await server.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            received += read;
        }

        await send;
        return received;
    }

    /// <summary>Whether a TCP connection from <paramref name="from"/> to <paramref name="address"/> gets no answer:
    /// unreachable or silence. A refusal would mean the packet reached a host (nothing listens on port 9).</summary>
    internal static async Task<bool> CannotConnectAsync(NetworkNamespace from, IPAddress address, CancellationToken cancellationToken)
    {
        using var client = from.Run(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(new IPEndPoint(address, 9), timeout.Token);
            return false;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return error is OperationCanceledException || ((SocketException)error).SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable;
        }
    }
}
