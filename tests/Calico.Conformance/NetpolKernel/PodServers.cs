using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// The servers of one pod, inside its namespace: a TCP listener and a UDP socket per served port, and one raw SCTP
/// socket. They only record what arrives; a probe's verdict is whether its connection, datagram or INIT showed up.
/// </summary>
internal sealed class PodServers : IDisposable
{
    private readonly NetworkNamespace _ns;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Protocol, int Port), Socket> _sockets = [];
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<int> _served = [];
    private Socket? _sctp;

    public PodServers(NetworkNamespace ns) => _ns = ns;

    /// <summary>Makes the pod serve exactly <paramref name="ports"/> (protocol upper-case, port).</summary>
    public void Serve(IEnumerable<(string Protocol, int Port)> ports)
    {
        var wanted = ports.ToHashSet();
        _served.RemoveWhere(p => !wanted.Contains(("SCTP", p)));
        foreach (var key in _sockets.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            _sockets.Remove(key, out var socket);
            socket!.Dispose();
        }

        foreach (var key in wanted.Where(k => !_sockets.ContainsKey(k)))
        {
            switch (key.Protocol)
            {
                case "TCP":
                    var listener = _ns.Run(() => Bound(SocketType.Stream, ProtocolType.Tcp, key.Port));
                    listener.Listen(512);
                    _sockets[key] = listener;
                    _ = AcceptLoop(listener, key.Port);
                    break;
                case "UDP":
                    var udp = _ns.Run(() => Bound(SocketType.Dgram, ProtocolType.Udp, key.Port));
                    _sockets[key] = udp;
                    _ = ReceiveLoop(udp, key.Port);
                    break;
                case "SCTP":
                    _served.Add(key.Port);
                    if (_sctp is null)
                    {
                        _sctp = RawSocket.Open(_ns, AddressFamily.InterNetwork, 132);
                        _ = SctpLoop(_sctp);
                    }

                    break;
                default:
                    throw new InvalidDataException($"protocol '{key.Protocol}' cannot be served");
            }
        }
    }

    /// <summary>Whether the pod serves (protocol, port).</summary>
    public bool Serves(string protocol, int port) => _sockets.ContainsKey((protocol, port)) || (protocol == "SCTP" && _served.Contains(port));

    /// <summary>Whether a TCP connection or UDP datagram with this key (see <see cref="Key"/>) arrived.</summary>
    public bool Saw(string key) => _seen.ContainsKey(key);

    /// <summary>Drops an earlier observation under <paramref name="key"/>: a TCP key has no nonce, and the kernel may
    /// hand a new probe the ephemeral port an earlier, allowed probe used.</summary>
    public void Forget(string key) => _seen.TryRemove(key, out _);

    /// <summary>The observation key of a probe.</summary>
    public static string Key(string protocol, IPAddress source, int sourcePort, int port, string token = "") =>
        $"{protocol}|{source}|{sourcePort}|{port}|{token}";

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var socket in _sockets.Values)
        {
            socket.Dispose();
        }

        _sctp?.Dispose();
        _stop.Dispose();
    }

    private static Socket Bound(SocketType type, ProtocolType protocol, int port)
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, type, protocol) { DualMode = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        return socket;
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private async Task AcceptLoop(Socket listener, int port)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                var remote = (IPEndPoint)connection.RemoteEndPoint!;
                _seen[Key("TCP", Plain(remote.Address), remote.Port, port)] = 0;
                connection.Dispose();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ReceiveLoop(Socket socket, int port)
    {
        var buffer = new byte[512];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.IPv6Any, 0), _stop.Token).ConfigureAwait(false);
                var remote = (IPEndPoint)result.RemoteEndPoint;
                var token = Encoding.ASCII.GetString(buffer, 0, result.ReceivedBytes);
                _seen[Key("UDP", Plain(remote.Address), remote.Port, port, token)] = 0;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task SctpLoop(Socket socket)
    {
        var buffer = new byte[2048];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (SctpInit.Parse(buffer.AsSpan(0, read)) is { } init)
                {
                    _seen[Key("SCTP", init.Source, init.SourcePort, init.DestinationPort, init.InitiateTag.ToString(System.Globalization.CultureInfo.InvariantCulture))] = 0;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }
}
