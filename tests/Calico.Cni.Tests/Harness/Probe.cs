using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

namespace Calico.Cni.Tests.Harness;

/// <summary>TCP servers and connection probes inside pod namespaces.</summary>
internal static class Probe
{
    /// <summary>Accepts (and closes) connections on <paramref name="port"/> inside the pod until disposed.</summary>
    public static IDisposable Listen(string podNetns, int port)
    {
        using var ns = NetworkNamespace.Open(podNetns);
        var socket = ns.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Any, port));
            s.Listen(64);
            return s;
        });
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var peer = await socket.AcceptAsync();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Closed by Dispose.
            }
        });
        return socket;
    }

    /// <summary>Whether a TCP connection from the pod to <paramref name="target"/> completes within the timeout.</summary>
    public static async Task<bool> ConnectAsync(string podNetns, IPAddress target, int port, int timeoutMs = 1000)
    {
        using var ns = NetworkNamespace.Open(podNetns);
        using var socket = ns.Run(() => new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var cts = new CancellationTokenSource(timeoutMs);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, port), cts.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }
}
