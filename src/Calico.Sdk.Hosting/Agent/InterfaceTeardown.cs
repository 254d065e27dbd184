using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Calico.Sdk.Linux;
using Calico.Sdk.Status;
using Microsoft.Extensions.Logging;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// Deletes workload host interfaces for the CNI plugin. Deleting a veth returns only after the kernel's deferred
/// clean-up (RCU grace periods, reference waits: 15-40 ms here) although the interface leaves both namespaces within
/// the first millisecond. The plugin asks over a root-only Unix socket and waits only for the pod end's RTM_DELLINK;
/// the rest of the kernel's work runs on one of this service's threads.
/// </summary>
/// <remarks>
/// Protocol, one request per connection: <c>DEL &lt;host interface&gt; &lt;ifindex&gt;\n</c>. Replies: <c>ok\n</c>
/// (deletion started; the connection stays open until the kernel returns, and carries <c>error &lt;errno&gt;\n</c> if it
/// failed), <c>gone\n</c> (no such interface), <c>refused &lt;reason&gt;\n</c> (not a workload veth, malformed, busy).
/// Only veths whose name starts with a workload interface prefix and matches the index are deleted.
/// </remarks>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class InterfaceTeardown : IAsyncDisposable
{
    private const int Workers = 4;
    private const int MaxQueued = 256;
    private readonly BlockingCollection<(string Name, int Index, Socket Client)> _queue = new(MaxQueued);
    private readonly Socket _listener;
    private readonly string _path;
    private readonly IReadOnlyList<string> _prefixes;
    private readonly NetworkNamespace? _ns;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Thread[] _workers;
    private readonly Lock _lookupGate = new();
    private readonly NetlinkRoute _lookup;

    private InterfaceTeardown(Socket listener, string path, IReadOnlyList<string> prefixes, NetworkNamespace? ns, ILogger logger)
    {
        (_listener, _path, _prefixes, _ns, _logger) = (listener, path, prefixes, ns, logger);
        _lookup = ns is null ? NetlinkRoute.Open() : NetlinkRoute.Open(ns);
        _workers = [.. Enumerable.Range(0, Workers).Select(i => new Thread(Work) { IsBackground = true, Name = "cni-teardown-" + i })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }

        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Listens on the run directory's teardown socket (a stale socket file is replaced).</summary>
    public static InterfaceTeardown Start(string runDirectory, IReadOnlyList<string> prefixes, NetworkNamespace? ns, ILogger logger)
    {
        var path = StatusPaths.TeardownSocket(runDirectory);
        Directory.CreateDirectory(runDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new InterfaceTeardown(listener, path, prefixes, ns, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        _queue.CompleteAdding();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        File.Delete(_path);
        _lookup.Dispose();
        _stop.Dispose();
        _queue.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A failed accept (e.g. out of descriptors) ends neither the listener nor the agent: plugins fall back
                // to deleting the pair themselves meanwhile.
                Log.TeardownRequestFailed(_logger, e.Message);
                try
                {
                    await Task.Delay(100, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private void Serve(Socket client)
    {
        var queued = false;
        try
        {
            client.ReceiveTimeout = 2000;
            client.SendTimeout = 2000;
            var (reply, name, index) = Decide(ReadLine(client));
            if (index > 0 && _queue.Count >= MaxQueued)
            {
                // Full: the plugin deletes the pair itself rather than wait behind the queue.
                (reply, index) = ("refused busy", 0);
            }

            client.Send(Encoding.ASCII.GetBytes(reply + "\n"));
            queued = index > 0 && _queue.TryAdd((name!, index, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Log.TeardownRequestFailed(_logger, e.Message);
        }
        finally
        {
            if (!queued)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The reply to a request, and the interface to delete (index 0: nothing to delete).</summary>
    private (string Reply, string? Name, int Index) Decide(string? request)
    {
        var parts = request?.Split(' ');
        if (parts is not ["DEL", var name, var text] || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index <= 0)
        {
            return ("refused malformed request", null, 0);
        }

        if (name.Length > 15 || !_prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return ("refused not a workload interface", null, 0);
        }

        LinkInfo? link;
        lock (_lookupGate)
        {
            link = _lookup.GetLink(index);
        }

        if (link is null || link.Name != name)
        {
            return ("gone", null, 0);
        }

        return link.Kind == "veth" ? ("ok", name, index) : ("refused not a veth", null, 0);
    }

    private void Work()
    {
        using var netlink = _ns is null ? NetlinkRoute.Open() : NetlinkRoute.Open(_ns);
        foreach (var (name, index, client) in _queue.GetConsumingEnumerable())
        {
            using (client)
            {
                try
                {
                    netlink.DeleteLink(index);
                    Log.TeardownDone(_logger, name, index);
                }
                catch (NetlinkException e) when (e.Errno != 19)
                {
                    Log.TeardownFailed(_logger, index, e.Message);
                    TrySend(client, $"error {e.Errno}\n");
                }
                catch (NetlinkException)
                {
                    // ENODEV: gone meanwhile, which is what was asked.
                }
            }
        }
    }

    private static void TrySend(Socket client, string text)
    {
        try
        {
            client.Send(Encoding.ASCII.GetBytes(text));
        }
        catch (SocketException)
        {
            // The plugin stopped waiting; it falls back to deleting itself.
        }
    }

    private static string? ReadLine(Socket client)
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = client.Receive(buffer[length..]);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var end = buffer[..length].IndexOf((byte)'\n');
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer[..end]);
            }
        }

        return null;
    }
}
