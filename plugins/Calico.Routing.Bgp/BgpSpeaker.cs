using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp.Kernel;
using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Linux;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Routing.Bgp;

/// <summary>
/// The BGP speaker: listener, peers, Loc-RIB and kernel sync. Route processing runs under one lock (the RIB lock);
/// sockets, timers and kernel writes run outside it.
/// </summary>
internal sealed partial class BgpSpeaker : IPeerHost, IAsyncDisposable
{
    private readonly object _ribLock = new();
    private readonly LocRib _rib = new();
    private readonly Dictionary<string, BgpPeer> _peers = [];
    private readonly Dictionary<BgpPrefix, RibPath> _local = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _log;
    private KernelRouteSync? _kernel;
    private Socket? _listener;
    private Task? _acceptLoop;

    public BgpSpeaker(SpeakerOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        Options = options;
        Time = time ?? TimeProvider.System;
        _log = logger ?? NullLogger.Instance;
    }

    public SpeakerOptions Options { get; private set; }

    public TimeProvider Time { get; }

    public uint LocalAs => Options.LocalAs;

    public uint RouterId => Options.RouterId;

    public TimeSpan ConnectRetryTime => Options.ConnectRetryTime;

    public KernelRouteSync? Kernel => _kernel;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Options.ProgramKernel)
        {
            _kernel = new KernelRouteSync(Options.Namespace, Options.RouteProtocol, _log);
            await _kernel.StartAsync(Options.RestartTime > 0, cancellationToken).ConfigureAwait(false);
        }

        _listener = CreateSocket(AddressFamily.InterNetworkV6, dualMode: Options.ListenAddress is null);
        if (Options.ListenAddress is { } address && address.AddressFamily == AddressFamily.InterNetwork)
        {
            _listener.Dispose();
            _listener = CreateSocket(AddressFamily.InterNetwork, dualMode: false);
        }

        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(Options.ListenAddress ?? IPAddress.IPv6Any, Options.ListenPort));
        _listener.Listen(64);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stop.Token), CancellationToken.None);
        if (Options.RestartTime > 0 && _kernel is not null)
        {
            // Graceful restart (restarting side): forwarding state from the previous run stays until peers have
            // resent their tables or the restart time has passed, then leftovers are removed.
            _ = Task.Run(() => FinishRestartAsync(_stop.Token), CancellationToken.None);
        }

        LogStarted(_log, Options.LocalAs, new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder((int)Options.RouterId))), Options.ListenPort);
    }

    /// <summary>Replaces the set of peers: new ones start, removed ones are closed (Cease, peer de-configured) and
    /// their routes withdrawn; a peer whose session settings changed is restarted; a peer whose only change is its
    /// filters keeps its session and has its routes re-evaluated (see <see cref="Refilter"/>).</summary>
    public async Task SetPeersAsync(IEnumerable<PeerConfig> configs)
    {
        var wanted = configs.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.First());
        List<BgpPeer> removed = [];
        List<BgpPeer> added = [];
        lock (_ribLock)
        {
            foreach (var (key, peer) in _peers.ToList())
            {
                if (wanted.TryGetValue(key, out var config) && SameConfig(config, peer.Config))
                {
                    if (!SameFilters(config, peer.Config) && !Refilter(peer, config))
                    {
                        removed.Add(peer);
                        _peers.Remove(key);
                    }

                    continue;
                }

                removed.Add(peer);
                _peers.Remove(key);
            }

            foreach (var (key, config) in wanted)
            {
                if (!_peers.ContainsKey(key))
                {
                    var peer = new BgpPeer(config, this);
                    _peers[key] = peer;
                    added.Add(peer);
                }
            }
        }

        foreach (var peer in removed)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            if (peer.Config.Password is not null && _listener is not null)
            {
                TryRemoveKey(_listener, peer.Config.Address);
            }

            WithdrawAllFrom(peer);
        }

        foreach (var peer in added)
        {
            if (peer.Config.Password is { } password && _listener is not null)
            {
                TcpMd5.SetKey(_listener, peer.Config.Address, password);
            }

            peer.Start();
        }
    }

    public IReadOnlyList<BgpPeer> Peers
    {
        get
        {
            lock (_ribLock)
            {
                return [.. _peers.Values];
            }
        }
    }

    public ConnectionSettings SettingsFor(BgpPeer peer) => new(Options.LocalAs, Options.RouterId, peer.Config.PeerAs, peer.Config.Address)
    {
        HoldTime = Options.HoldTime,
        Families = peer.Config.EffectiveFamilies,
        RestartTime = Options.RestartTime,
        Restarting = _kernel?.Restarting ?? false,
    };

    public async Task<Socket> ConnectAsync(BgpPeer peer, CancellationToken cancellationToken)
    {
        var socket = CreateSocket(peer.Config.Address.AddressFamily, dualMode: false);
        try
        {
            socket.NoDelay = true;
            if (peer.Config.Password is { } password)
            {
                TcpMd5.SetKey(socket, peer.Config.Address, password);
            }

            if (peer.Config.LocalAddress is { } local)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(peer.Config.Address, peer.Config.Port), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("no answer from " + peer.Config.Key + " within 5 s");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var peer in Peers)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
        }

        if (_kernel is not null)
        {
            await _kernel.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private Socket CreateSocket(AddressFamily family, bool dualMode)
    {
        Socket Create()
        {
            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            if (dualMode)
            {
                socket.DualMode = true;
            }

            return socket;
        }

        return Options.Namespace is { } ns ? ns.Run(Create) : Create();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var remote = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            BgpPeer? peer;
            lock (_ribLock)
            {
                peer = _peers.Values.FirstOrDefault(p => p.Config.Address.Equals(remote));
            }

            if (peer is null)
            {
                LogRejected(_log, remote);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            peer.Accept(socket);
        }
    }

    private static void TryRemoveKey(Socket listener, IPAddress address)
    {
        try
        {
            TcpMd5.RemoveKey(listener, address);
        }
        catch (LinuxSystemException)
        {
            // No key was set (or the listener is closing): nothing to remove.
        }
    }

    /// <summary>Same session settings (filters aside): a difference here needs a new session.</summary>
    private static bool SameConfig(PeerConfig a, PeerConfig b) =>
        a.ToString() == b.ToString() && a.Password == b.Password && a.NextHopMode == b.NextHopMode && Equals(a.LocalAddress, b.LocalAddress)
        && a.MaxRestartTime == b.MaxRestartTime && a.EffectiveFamilies.SequenceEqual(b.EffectiveFamilies);

    private static bool SameFilters(PeerConfig a, PeerConfig b) =>
        a.Filters.Select(f => f.Fingerprint).SequenceEqual(b.Filters.Select(f => f.Fingerprint), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP speaker AS {LocalAs} router id {RouterId} listening on port {Port}")]
    private static partial void LogStarted(ILogger logger, uint localAs, IPAddress routerId, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP connection from {Remote} refused: not a configured peer")]
    private static partial void LogRejected(ILogger logger, IPAddress remote);
}
