using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Calico.Sdk.Linux.Workloads;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// Sends real probes between the pods of a <see cref="KernelNode"/>, all in parallel, each with a timeout of at most
/// one second. The verdict comes only from the server side: the accepted connection, the received datagram or the
/// raw SCTP INIT seen in the destination pod.
/// </summary>
internal sealed class KernelProber(KernelNode node, TimeSpan timeout)
{
    public async Task<KernelProbeResult[]> ProbeAsync(IReadOnlyList<KernelProbe> probes, CancellationToken cancellationToken)
    {
        using var limit = new SemaphoreSlim(96);
        var tasks = probes.Select(async probe =>
        {
            await limit.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ProbeOneAsync(probe, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                limit.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private Task<KernelProbeResult> ProbeOneAsync(KernelProbe probe, CancellationToken cancellationToken)
    {
        var from = node.Pod(probe.From);
        var to = node.Pod(probe.To);
        return probe.Protocol switch
        {
            "TCP" => TcpAsync(from, to, probe.Port, cancellationToken),
            "UDP" => UdpAsync(from, to, probe.Port, cancellationToken),
            "SCTP" => SctpAsync(from, to, probe.Port, cancellationToken),
            _ => throw new InvalidDataException($"probe protocol '{probe.Protocol}' is not TCP, UDP or SCTP"),
        };
    }

    private async Task<KernelProbeResult> TcpAsync(KernelPod from, KernelPod to, int port, CancellationToken cancellationToken)
    {
        using var client = node.Namespace(from.Key).Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(from.IPv4, 0));
            return s;
        });
        var sourcePort = ((IPEndPoint)client.LocalEndPoint!).Port;
        var key = PodServers.Key("TCP", from.IPv4, sourcePort, port);
        node.Servers(to.Key).Forget(key); // our socket holds the port now: anything seen under this key is stale
        string detail;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(timeout);
            try
            {
                await client.ConnectAsync(new IPEndPoint(to.IPv4, port), connectTimeout.Token).ConfigureAwait(false);
                detail = "connected";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                detail = "connect timed out";
            }
            catch (SocketException e)
            {
                detail = "connect failed: " + e.SocketErrorCode;
            }
        }

        var seen = await SeenAsync(to.Key, key, detail == "connected" ? TimeSpan.FromMilliseconds(300) : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        return new KernelProbeResult(seen, detail);
    }

    private async Task<KernelProbeResult> UdpAsync(KernelPod from, KernelPod to, int port, CancellationToken cancellationToken)
    {
        using var client = node.Namespace(from.Key).Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(from.IPv4, 0));
            return s;
        });
        var sourcePort = ((IPEndPoint)client.LocalEndPoint!).Port;
        var token = "probe-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var key = PodServers.Key("UDP", from.IPv4, sourcePort, port, token);
        return await RepeatAsync(to.Key, key, () => client.SendTo(Encoding.ASCII.GetBytes(token), new IPEndPoint(to.IPv4, port)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<KernelProbeResult> SctpAsync(KernelPod from, KernelPod to, int port, CancellationToken cancellationToken)
    {
        using var client = RawSocket.Open(node.Namespace(from.Key), AddressFamily.InterNetwork, 132);
        client.Bind(new IPEndPoint(from.IPv4, 0));
        var sourcePort = (ushort)RandomNumberGenerator.GetInt32(20000, 60000);
        var tag = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var packet = SctpInit.Build(sourcePort, (ushort)port, tag);
        var key = PodServers.Key("SCTP", from.IPv4, sourcePort, port, tag.ToString(CultureInfo.InvariantCulture));
        if (!node.Servers(to.Key).Serves("SCTP", port))
        {
            client.SendTo(packet, new IPEndPoint(to.IPv4, 0));
            return new KernelProbeResult(false, "no SCTP server on that port");
        }

        // Retransmitting the same INIT is what an SCTP stack does too; conntrack sees one association.
        return await RepeatAsync(to.Key, key, () => client.SendTo(packet, new IPEndPoint(to.IPv4, 0)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<KernelProbeResult> RepeatAsync(string server, string key, Action send, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var interval = timeout / 4;
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            send();
            if (await SeenAsync(server, key, interval, cancellationToken).ConfigureAwait(false))
            {
                return new KernelProbeResult(true, "received");
            }
        }

        return new KernelProbeResult(false, "not received within " + timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
    }

    private async Task<bool> SeenAsync(string server, string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var servers = node.Servers(server);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (servers.Saw(key))
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) >= wait)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}
