using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>
/// One neighbour: connects (unless passive) with connect-retry back-off, accepts inbound connections, resolves
/// collisions (RFC 4271 §6.8), and owns the Adj-RIB-Out sender for the established session.
/// </summary>
internal sealed partial class BgpPeer : ISessionHandler, IAsyncDisposable
{
    private readonly IPeerHost _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<BgpConnection> _connections = [];
    private readonly object _gate = new();
    private Task? _connectLoop;
    private StateStamp _status;

    public BgpPeer(PeerConfig config, IPeerHost host)
    {
        Config = config;
        _host = host;
        _status = new StateStamp(SessionState.Idle, host.Time.GetUtcNow());
        Source = new PathSource(config.Key, 0, config.Address, config.PeerAs == host.LocalAs, config.RouteReflectorClient);
        Outbound = new AdjRibOut();
    }

    public PeerConfig Config { get; private set; }

    /// <summary>The path source for routes from this peer (replaced on each new session so old paths are told apart).</summary>
    public PathSource Source { get; private set; }

    public AdjRibOut Outbound { get; }

    /// <summary>Exported attributes by source attributes (reference identity), so UPDATEs can be packed.</summary>
    public Dictionary<PathAttributes, PathAttributes> ExportCache { get; } = new(ReferenceEqualityComparer.Instance);

    public BgpConnection? Established { get; private set; }

    public SessionState State => Status.State;

    public DateTimeOffset Since => Status.Since;

    /// <summary>
    /// The state and when it was entered, read together without the peer's lock: status readers hold the speaker's
    /// RIB lock, and taking the peer's lock under it would order the two locks against the session paths.
    /// </summary>
    public (SessionState State, DateTimeOffset Since) Status
    {
        get
        {
            var stamp = Volatile.Read(ref _status);
            return (stamp.State, stamp.Since);
        }
    }

    public string? LastError { get; private set; }

    /// <summary>The peer has sent End-of-RIB for every family of its current session.</summary>
    public bool EndOfRibSeen { get; set; }

    public bool External => Config.PeerAs != _host.LocalAs;

    /// <summary>Open connections (the session and any crossing one still being resolved); for diagnostics and tests.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Takes new filters for the running session (everything else about the session must be unchanged).</summary>
    public void Reconfigure(PeerConfig config)
    {
        Config = config;
        ExportCache.Clear();
    }

    public void Start() => _connectLoop = Config.Passive ? null : Task.Run(() => ConnectLoopAsync(_stop.Token));

    /// <summary>Takes an inbound TCP connection from this peer's address.</summary>
    public void Accept(Socket socket)
    {
        var connection = new BgpConnection(new NetworkStream(socket, ownsSocket: true), _host.SettingsFor(this), inbound: true, _host.Time)
        {
            LocalAddress = (socket.LocalEndPoint as IPEndPoint)?.Address,
        };
        Run(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        List<BgpConnection> open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close(new BgpProtocolException(BgpError.Cease, BgpError.PeerDeconfigured, "peer removed"));
        }

        if (_connectLoop is not null)
        {
            await _connectLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Outbound.Stop();
        _stop.Dispose();
    }

    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool busy;
            lock (_gate)
            {
                busy = _connections.Count > 0;
            }

            if (!busy)
            {
                UpdateState(SessionState.Connect);
                try
                {
                    var socket = await _host.ConnectAsync(this, cancellationToken).ConfigureAwait(false);
                    var connection = new BgpConnection(new NetworkStream(socket, ownsSocket: true), _host.SettingsFor(this), inbound: false, _host.Time)
                    {
                        LocalAddress = (socket.LocalEndPoint as IPEndPoint)?.Address,
                    };
                    Run(connection);
                }
                catch (Exception error) when (error is SocketException or IOException or TimeoutException)
                {
                    LastError = "connect: " + error.Message;
                    UpdateState(SessionState.Active);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(_host.ConnectRetryTime, _host.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Run(BgpConnection connection)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                _ = connection.DisposeAsync();
                return;
            }

            _connections.Add(connection);
        }

        UpdateState(SessionState.OpenSent); // a connection exists now: the argument is not used
        _ = Task.Run(() => connection.RunAsync(this, _stop.Token));
    }

    /// <summary>
    /// Sets the peer's state from its connections: an established session wins, then the most advanced connection
    /// (at least OpenSent), and <paramref name="unconnected"/> only when there is none. A second connection that
    /// arrives while the session is up (the other side's connect crossed ours) therefore never hides the session
    /// or resets <see cref="Since"/>, and neither does a connect attempt that fails after an inbound session came up.
    /// </summary>
    private void UpdateState(SessionState unconnected)
    {
        lock (_gate)
        {
            var state = Established is not null ? SessionState.Established
                : _connections.Count == 0 ? unconnected
                : (SessionState)Math.Max((int)SessionState.OpenSent, _connections.Max(c => (int)c.State));
            SetState(state);
        }
    }

    /// <summary>Records a state change and its time; callers hold <c>_gate</c>.</summary>
    private void SetState(SessionState state)
    {
        if (_status.State != state)
        {
            Volatile.Write(ref _status, new StateStamp(state, _host.Time.GetUtcNow()));
        }
    }

    /// <summary>One immutable value, so a reader never sees a state with another state's time.</summary>
    private sealed record StateStamp(SessionState State, DateTimeOffset Since);
}
