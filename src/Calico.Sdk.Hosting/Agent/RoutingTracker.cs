using System.Net;
using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;
using Calico.Sdk.Routing;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// Follows Nodes, IPAM blocks and IP pools from the datastore sync and turns them into what routers consume: the
/// nodes, every block with its affine node and its pool's encapsulation, every address a node borrowed from another node's
/// block (as a /32 or /128 to the holder), and incremental updates between two calls.
/// Small per object (a record per node and per block), so its memory does not grow with workload endpoints.
/// </summary>
internal sealed class RoutingTracker
{
    private readonly string _localNode;
    private readonly Dictionary<string, RoutingNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IPNetwork Cidr, string? Node, IReadOnlyList<RoutedBlock> Borrowed)> _blocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IPPool> _pools = new(StringComparer.Ordinal);
    private Dictionary<string, RoutingNode> _sentNodes = new(StringComparer.Ordinal);
    private Dictionary<IPNetwork, RoutedBlock> _sentBlocks = [];

    public RoutingTracker(string localNode) => _localNode = localNode;

    public int NodeCount => _nodes.Count;

    public IReadOnlyCollection<IPPool> Pools => _pools.Values;

    /// <summary>The blocks affine to this node (the agent blackholes them).</summary>
    public IEnumerable<IPNetwork> LocalBlocks => _blocks.Values.Where(b => b.Node == _localNode).Select(b => b.Cidr);

    public RoutingNode? LocalNode => _nodes.GetValueOrDefault(_localNode);

    /// <summary>Records a change; returns true when the kind is one the tracker follows.</summary>
    public bool Apply(WatchEvent change)
    {
        var deleted = change.Type is WatchEventType.Deleted or WatchEventType.DecodeError || change.Object is null;
        switch (change.Object)
        {
            case Node node when !deleted:
                _nodes[change.Name] = ToRoutingNode(node);
                return true;
            case IPAMBlock block when !deleted:
                if (block.Spec.Cidr is { } cidr && IPNetwork.TryParse(cidr, out var net))
                {
                    var affinity = block.Spec.Affinity;
                    _blocks[change.Name] = (net, affinity is not null && affinity.StartsWith("host:", StringComparison.Ordinal) ? affinity[5..] : null,
                        BorrowedAddresses.Of(block.Spec, Encapsulation.None));
                }

                return true;
            case IPPool pool when !deleted:
                _pools[change.Name] = pool;
                return true;
        }

        if (change.Kind == ResourceKinds.Node)
        {
            _nodes.Remove(change.Name);
            return true;
        }

        if (change.Kind == ResourceKinds.IPAMBlock)
        {
            _blocks.Remove(change.Name);
            return true;
        }

        if (change.Kind == ResourceKinds.IPPool)
        {
            _pools.Remove(change.Name);
            return true;
        }

        return false;
    }

    public RoutingState State(RoutingNode local)
    {
        var (nodes, blocks) = Current();
        _sentNodes = nodes;
        _sentBlocks = blocks;
        return new RoutingState(local, [.. nodes.Values.Where(n => n.Name != _localNode)], [.. blocks.Values]);
    }

    /// <summary>What changed since the last <see cref="State"/> or <see cref="TakeUpdate"/>.</summary>
    public RoutingUpdate TakeUpdate()
    {
        var (nodes, blocks) = Current();
        var update = new RoutingUpdate
        {
            UpsertedNodes = [.. nodes.Values.Where(n => n.Name != _localNode && (!_sentNodes.TryGetValue(n.Name, out var o) || o != n))],
            RemovedNodes = [.. _sentNodes.Keys.Where(k => k != _localNode && !nodes.ContainsKey(k))],
            UpsertedBlocks = [.. blocks.Values.Where(b => !_sentBlocks.TryGetValue(b.Cidr, out var o) || o != b)],
            RemovedBlocks = [.. _sentBlocks.Keys.Where(k => !blocks.ContainsKey(k))],
        };
        _sentNodes = nodes;
        _sentBlocks = blocks;
        return update;
    }

    /// <summary>The encapsulation of the pool containing <paramref name="cidr"/>.</summary>
    public Encapsulation EncapsulationOf(IPNetwork cidr)
    {
        foreach (var pool in _pools.Values)
        {
            if (pool.Spec.Cidr is { } p && IPNetwork.TryParse(p, out var net) && net.Contains(cidr.BaseAddress))
            {
                return EncapsulationOf(pool);
            }
        }

        return Encapsulation.None;
    }

    public static Encapsulation EncapsulationOf(IPPool pool) => (pool.Spec.VxlanMode, pool.Spec.IpipMode) switch
    {
        ("Always", _) => Encapsulation.VxlanAlways,
        ("CrossSubnet", _) => Encapsulation.VxlanCrossSubnet,
        (_, "Always") => Encapsulation.IpipAlways,
        (_, "CrossSubnet") => Encapsulation.IpipCrossSubnet,
        _ => Encapsulation.None,
    };

    public static RoutingNode ToRoutingNode(Node node)
    {
        var spec = node.Spec;
        var (v4, v4Subnet) = Parse(spec.Bgp?.IPv4Address);
        var (v6, _) = Parse(spec.Bgp?.IPv6Address);
        if (v4 is null && spec.Addresses is { } addresses)
        {
            foreach (var a in addresses)
            {
                var (address, subnet) = Parse(a.Address);
                if (address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    (v4, v4Subnet) = (address, subnet);
                    break;
                }
            }
        }

        return new RoutingNode(node.Metadata.Name!, v4, v6)
        {
            IPv4Subnet = v4Subnet,
            VxlanTunnelAddress = Parse(spec.IPv4VxlanTunnelAddr).Address,
            VxlanTunnelMac = spec.VxlanTunnelMacAddr,
            VxlanTunnelAddressV6 = Parse(spec.IPv6VxlanTunnelAddr).Address,
            VxlanTunnelMacV6 = spec.VxlanTunnelMacAddrV6,
            IpipTunnelAddress = Parse(spec.Bgp?.IPv4IpipTunnelAddr).Address,
        };
    }

    private static (IPAddress? Address, IPNetwork? Subnet) Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IPAddress.TryParse(text, out var a) ? (a, null) : (null, null);
        }

        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || !int.TryParse(text.AsSpan(slash + 1), out var bits))
        {
            return (null, null);
        }

        return (address, Networks.Masked(address, bits));
    }

    private (Dictionary<string, RoutingNode>, Dictionary<IPNetwork, RoutedBlock>) Current()
    {
        var nodes = new Dictionary<string, RoutingNode>(_nodes, StringComparer.Ordinal);
        var blocks = new Dictionary<IPNetwork, RoutedBlock>();
        foreach (var (cidr, node, borrowed) in _blocks.Values)
        {
            var pool = FindPool(cidr);
            var encapsulation = pool is null ? Encapsulation.None : EncapsulationOf(pool);
            var noExport = pool?.Spec.DisableBgpExport == true;
            if (node is not null)
            {
                blocks[cidr] = new RoutedBlock(cidr, node, encapsulation) { DisableBgpExport = noExport };
            }

            // Addresses held by another node than the block's owner: a host route to the holder (Calico's borrowed /32s).
            foreach (var address in borrowed)
            {
                blocks[address.Cidr] = address with { Encapsulation = encapsulation, DisableBgpExport = noExport };
            }
        }

        return (nodes, blocks);
    }

    private IPPool? FindPool(IPNetwork cidr)
    {
        foreach (var pool in _pools.Values)
        {
            if (pool.Spec.Cidr is { } p && IPNetwork.TryParse(p, out var net) && net.Contains(cidr.BaseAddress))
            {
                return pool;
            }
        }

        return null;
    }
}
