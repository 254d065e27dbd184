using System.Buffers.Binary;
using System.Net;
using Calico.Routing.Bgp.Config;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;
using Calico.Sdk.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Routing.Bgp;

/// <summary>
/// The <c>bgp</c> router: runs the managed BGP speaker for the local node. Peers come from Calico's node-to-node
/// mesh and BGPPeer resources; the node's blocks (and borrowed addresses) are exported, with blackholes kept for
/// them unless <see cref="BgpRoutingOptions.InstallBlackholes"/> is off; peers' routes are installed in the kernel
/// under <see cref="RouteProtocol"/>. With a datastore registered, BGPConfiguration, BGPPeer, BGPFilter and Node are
/// watched from <see cref="StartAsync"/> on, and every change is applied live (peers added, removed or reconfigured).
/// </summary>
public sealed partial class BgpRouter : IRouter, IBgpStatusSource
{
    private readonly BgpRoutingOptions _options;
    private readonly IDatastore? _datastore;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SecretResolver _secrets;
    private readonly Dictionary<string, RoutingNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<IPNetwork, RoutedBlock> _blocks = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResourceWatch? _watch;
    private HashSet<string> _problems = new(StringComparer.Ordinal);
    private RoutingNode? _local;
    private CalicoResources _resources = CalicoResources.Empty;
    private BgpSpeaker? _speaker;
    private BgpTopology? _topology;

    internal BgpRouter(BgpRoutingOptions options, IDatastore? datastore, TimeProvider? time, ILogger<BgpRouter>? logger)
    {
        _options = options;
        _datastore = datastore;
        _time = time ?? TimeProvider.System;
        _log = logger ?? (ILogger)NullLogger.Instance;
        _secrets = new SecretResolver(options.SecretsDirectory);
    }

    /// <inheritdoc />
    public string Name => "bgp";

    /// <inheritdoc />
    public byte RouteProtocol => _options.RouteProtocol;

    /// <inheritdoc />
    public async Task StartAsync(RoutingNode localNode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localNode);
        if (_datastore is not null && _watch is null)
        {
            _watch = new ResourceWatch(_datastore, OnResourcesChangedAsync, _log);
            var first = await _watch.StartAsync(cancellationToken).ConfigureAwait(false);
            await LockedAsync(() => _resources = first, cancellationToken, recomputeOnlyWhenStarted: true).ConfigureAwait(false);
        }

        await LockedAsync(() => _local = localNode, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(RoutingUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        await LockedAsync(() => Apply(update), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReconcileAsync(RoutingState desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await LockedAsync(() => Replace(desired), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resource changes the watch has applied (for diagnostics and tests).</summary>
    internal int ResourceChangesApplied => _watch?.Deliveries ?? 0;

    /// <summary>Whether a peer's path for <paramref name="prefix"/> is in the Loc-RIB (for tests and diagnostics).</summary>
    internal bool HasRoute(string prefix) => _speaker?.HasLearned(Wire.BgpPrefix.Parse(prefix)) ?? false;

    /// <inheritdoc />
    public IReadOnlyList<BgpPeerStatus> GetPeerStatus() => _speaker?.GetPeerStatus() ?? [];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync().ConfigureAwait(false);
            _watch = null;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_speaker is not null)
            {
                await _speaker.DisposeAsync().ConfigureAwait(false);
                _speaker = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task OnResourcesChangedAsync(CalicoResources resources, CancellationToken cancellationToken) =>
        LockedAsync(() => _resources = resources, cancellationToken, recomputeOnlyWhenStarted: true);

    /// <summary>Runs a state change and the recompute under the router's gate: the agent's calls and the watch's
    /// deliveries never interleave.</summary>
    private async Task LockedAsync(Action change, CancellationToken cancellationToken, bool recomputeOnlyWhenStarted = false)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            change();
            if (!recomputeOnlyWhenStarted || _local is not null)
            {
                await RecomputeAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(RoutingUpdate update)
    {
        foreach (var node in update.UpsertedNodes)
        {
            _nodes[node.Name] = node;
        }

        foreach (var block in update.UpsertedBlocks)
        {
            _blocks[block.Cidr] = block;
        }

        foreach (var cidr in update.RemovedBlocks)
        {
            _blocks.Remove(cidr);
        }

        foreach (var name in update.RemovedNodes)
        {
            _nodes.Remove(name);
        }
    }

    private void Replace(RoutingState desired)
    {
        _local = desired.LocalNode;
        _nodes.Clear();
        _blocks.Clear();
        foreach (var node in desired.Nodes)
        {
            _nodes[node.Name] = node;
        }

        foreach (var block in desired.Blocks)
        {
            _blocks[block.Cidr] = block;
        }
    }

    private async Task RecomputeAsync(CancellationToken cancellationToken)
    {
        var local = _local ?? throw new InvalidOperationException("StartAsync has not been called");
        var nodeName = _options.NodeName ?? local.Name;
        var state = new RoutingState(local, [.. _nodes.Values], [.. _blocks.Values]);
        var inputs = new CalicoBgpInputs(nodeName, state)
        {
            Configurations = _resources.Configurations,
            Peers = _resources.Peers,
            Filters = _resources.Filters,
            Nodes = _resources.Nodes,
        };
        var topology = TopologyBuilder.Compute(inputs, _options, _secrets);
        // Each problem is logged when it appears, not on every recompute (every routing update recomputes).
        foreach (var problem in topology.Problems.Where(p => !_problems.Contains(p)))
        {
            LogProblem(_log, problem);
        }

        _problems = [.. topology.Problems];

        if (_speaker is null || _topology is null || _topology.LocalAs != topology.LocalAs || _topology.ClusterId != topology.ClusterId || _topology.ListenPort != topology.ListenPort)
        {
            if (_speaker is not null)
            {
                await _speaker.DisposeAsync().ConfigureAwait(false);
            }

            _speaker = new BgpSpeaker(SpeakerOptionsFor(topology, local), _time, _log);
            await _speaker.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        _topology = topology;
        await _speaker.SetPeersAsync(topology.Peers).ConfigureAwait(false);
        _speaker.SetLocalRoutes(topology.LocalRoutes);
    }

    private SpeakerOptions SpeakerOptionsFor(BgpTopology topology, RoutingNode local)
    {
        var routerId = _options.RouterId ?? local.IPv4Address
            ?? throw new InvalidOperationException("BGP needs a router id: the node has no IPv4 address and BgpRoutingOptions.RouterId is not set");
        return new SpeakerOptions(topology.LocalAs, BinaryPrimitives.ReadUInt32BigEndian(routerId.GetAddressBytes()))
        {
            ClusterId = topology.ClusterId,
            ListenPort = topology.ListenPort,
            Namespace = _options.Namespace,
            ProgramKernel = _options.ProgramKernel,
            RouteProtocol = _options.RouteProtocol,
            HoldTime = (int)_options.HoldTime.TotalSeconds,
            ConnectRetryTime = _options.ConnectRetryTime,
            RestartTime = (int)Math.Min(4095, _options.RestartTime.TotalSeconds),
            LocalIPv4 = local.IPv4Address,
            LocalIPv6 = local.IPv6Address,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP configuration problem: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
