using System.Net;
using Calico.Sdk.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Calico.Sdk.Linux.Routing;

/// <summary>
/// The shared engine of routers that program the local kernel (VXLAN, IP-in-IP, no encapsulation): it keeps the
/// routing model (local node, other nodes, blocks), asks the derived router for the kernel objects that model
/// needs (<see cref="Plan"/>), and applies the difference to what it owns in one netlink batch per call.
/// </summary>
/// <remarks>
/// <para>Ownership: only routes carrying <see cref="RouteProtocol"/> and the entries on the router's own device
/// are read, replaced or deleted (<see cref="KernelRoutingState.ReadOwned(NetlinkRoute, Linux.RouteProtocol, IReadOnlyCollection{int})"/>, <see cref="KernelRoutingChanges"/>).</para>
/// <para>Before the first <see cref="ReconcileAsync"/>, <see cref="ApplyAsync"/> removes only objects this instance
/// programmed itself: leftovers of a previous run survive until the full desired state is known.</para>
/// <para>After a failed batch the programmed state is re-read from the kernel on the next call.</para>
/// </remarks>
public abstract class KernelRouter : IRouter
{
    private readonly RouteProtocol _protocol;
    private readonly Dictionary<string, RoutingNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<IPNetwork, RoutedBlock> _blocks = [];
    private KernelRoutingState _programmed = KernelRoutingState.Empty;
    private KernelRoutingState _desired = KernelRoutingState.Empty;
    private RoutingNode? _local;
    private IReadOnlyList<int> _devices = [];
    private bool _stale = true;
    private bool _synced;
    private bool _disposed;

    /// <summary>Creates the router; it owns <paramref name="netlink"/> and disposes it.</summary>
    /// <param name="netlink">A connection in the node's network namespace.</param>
    /// <param name="protocol">The route protocol that marks this router's routes.</param>
    /// <param name="logger">The logger, or null.</param>
    protected KernelRouter(NetlinkRoute netlink, RouteProtocol protocol, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        if ((byte)protocol <= (byte)Linux.RouteProtocol.Static)
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "route protocols 0-4 are the kernel's and iproute2's; a router needs its own id");
        }

        Netlink = netlink;
        _protocol = protocol;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public byte RouteProtocol => (byte)_protocol;

    /// <summary>The kernel objects the last successful call programmed (diagnostics and tests).</summary>
    public KernelRoutingState Programmed => _programmed;

    /// <summary>How many kernel operations the last apply or reconcile sent (tests).</summary>
    internal int LastChangeCount { get; private set; }

    /// <summary>The connection in the node's namespace.</summary>
    protected NetlinkRoute Netlink { get; }

    /// <summary>The logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>The route protocol as an enum, for building routes.</summary>
    protected RouteProtocol Protocol => _protocol;

    /// <inheritdoc />
    public Task StartAsync(RoutingNode localNode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localNode);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _local = localNode;
        _devices = PrepareDevices(localNode);
        _stale = true;
        RoutingLog.Started(Logger, Name, localNode.Name, RouteProtocol);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ApplyAsync(RoutingUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var local = RequireStarted();
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var node in update.UpsertedNodes)
        {
            if (node.Name == local.Name)
            {
                local = node;
            }
            else
            {
                _nodes[node.Name] = node;
            }
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

        if (!ReferenceEquals(local, _local))
        {
            _local = local;
            Reprepare(local);
        }

        Program(full: _synced, cancellationToken);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReconcileAsync(RoutingState desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _nodes.Clear();
        _blocks.Clear();
        foreach (var node in desired.Nodes.Where(n => n.Name != desired.LocalNode.Name))
        {
            _nodes[node.Name] = node;
        }

        foreach (var block in desired.Blocks)
        {
            _blocks[block.Cidr] = block;
        }

        _local = desired.LocalNode;
        Reprepare(desired.LocalNode);
        _stale = true;
        Program(full: true, cancellationToken);
        _synced = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Netlink.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates or repairs the router's devices for the local node (idempotent).</summary>
    /// <param name="localNode">The local node.</param>
    /// <returns>The ifindexes of the devices whose FDB and neighbour entries the router owns (e.g. <c>vxlan.calico</c>
    /// and <c>vxlan-v6.calico</c>); empty when it owns none.</returns>
    protected abstract IReadOnlyList<int> PrepareDevices(RoutingNode localNode);

    /// <summary>The kernel objects the routing model needs. Pure: reads only its argument and the devices.</summary>
    /// <param name="state">The local node, the other nodes and every block.</param>
    /// <returns>The desired routes (each with <see cref="Protocol"/>) and device entries.</returns>
    protected abstract KernelRoutingState Plan(RoutingState state);

    private RoutingNode RequireStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _local ?? throw new InvalidOperationException($"router '{Name}' is not started: call StartAsync with the local node first");
    }

    private void Reprepare(RoutingNode local)
    {
        var devices = PrepareDevices(local);
        if (!devices.SequenceEqual(_devices))
        {
            _devices = devices;
            _stale = true; // entries on a recreated device are gone; routes through it too.
        }
    }

    private void Program(bool full, CancellationToken cancellationToken)
    {
        var previous = _desired;
        var desired = Plan(new RoutingState(_local!, [.. _nodes.Values], [.. _blocks.Values]));
        if (_stale)
        {
            _programmed = KernelRoutingState.ReadOwned(Netlink, _protocol, _devices);
            _stale = false;
        }

        // Before the first full sync, leave alone what neither the previous nor the new desired state mentions.
        var current = full ? _programmed : Touched(_programmed, previous, desired);
        var changes = KernelRoutingChanges.Plan(current, desired, _protocol);
        cancellationToken.ThrowIfCancellationRequested();
        if (!changes.IsEmpty)
        {
            var batch = Netlink.CreateBatch();
            changes.AppendTo(batch);
            try
            {
                batch.Execute();
            }
            catch
            {
                _stale = true;
                throw;
            }
        }

        LastChangeCount = changes.Count;
        _programmed = full ? desired : Untouched(_programmed, current).Merge(desired);
        _desired = desired;
        RoutingLog.Programmed(Logger, Name, changes.Count, desired.Count);
    }

    private static KernelRoutingState Touched(KernelRoutingState programmed, KernelRoutingState a, KernelRoutingState b)
    {
        var routes = a.Routes.Concat(b.Routes).Select(r => (r.Table, r.Destination)).ToHashSet();
        var macs = a.FdbEntries.Concat(b.FdbEntries).Select(e => (e.InterfaceIndex, e.MacAddress.ToString())).ToHashSet();
        var addresses = a.Neighbours.Concat(b.Neighbours).Select(n => (n.InterfaceIndex, n.Address)).ToHashSet();
        return new KernelRoutingState
        {
            Routes = [.. programmed.Routes.Where(r => routes.Contains((r.Table, r.Destination)))],
            FdbEntries = [.. programmed.FdbEntries.Where(e => macs.Contains((e.InterfaceIndex, e.MacAddress.ToString())))],
            Neighbours = [.. programmed.Neighbours.Where(n => addresses.Contains((n.InterfaceIndex, n.Address)))],
        };
    }

    private static KernelRoutingState Untouched(KernelRoutingState programmed, KernelRoutingState touched) => new()
    {
        Routes = [.. programmed.Routes.Except(touched.Routes)],
        FdbEntries = [.. programmed.FdbEntries.Except(touched.FdbEntries)],
        Neighbours = [.. programmed.Neighbours.Except(touched.Neighbours)],
    };
}
