using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux;

/// <summary>
/// Many rtnetlink requests sent together: encoded into one buffer, sent in chunks of whole messages (up to 64 KiB
/// per send), and every request acked (NLM_F_ACK) and checked. The kernel keeps going after a failed request, so
/// <see cref="Execute"/> reports every failure: the first as the exception, the rest in
/// <see cref="NetlinkException.AdditionalFailures"/>. Not thread-safe; create one per unit of work.
/// </summary>
public sealed class NetlinkBatch
{
    private readonly NetlinkSocket _socket;
    private readonly NetlinkWriter _writer;
    private readonly List<NetlinkRequest> _requests = [];

    internal NetlinkBatch(NetlinkSocket socket, int capacity = 4096)
    {
        _socket = socket;
        _writer = new NetlinkWriter(capacity);
    }

    /// <summary>The number of queued requests.</summary>
    public int Count => _requests.Count;

    /// <summary>Queues <c>ip link add</c>.</summary>
    /// <param name="link">The link to create.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddLink(LinkSpec link) => Queue("add link", link, w => LinkCodec.Add(w, link));

    /// <summary>Queues <c>ip link set</c> by ifindex.</summary>
    /// <param name="index">The ifindex.</param>
    /// <param name="settings">The changes.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch SetLink(int index, LinkSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        ArgumentNullException.ThrowIfNull(settings);
        return Queue("set link", new Described("#" + index + " " + settings), w => LinkCodec.Set(w, index, null, settings));
    }

    /// <summary>Queues <c>ip link set</c> by name (renaming needs the index overload).</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="settings">The changes.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch SetLink(string name, LinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Queue("set link", new Described("'" + name + "' " + settings), w => LinkCodec.Set(w, 0, name, settings));
    }

    /// <summary>Queues <c>ip link del</c> by ifindex.</summary>
    /// <param name="index">The ifindex.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteLink(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        return Queue("delete link", new Described("#" + index), w => LinkCodec.Delete(w, index, null));
    }

    /// <summary>Queues <c>ip link del</c> by name.</summary>
    /// <param name="name">The interface name.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteLink(string name) => Queue("delete link", new Described("'" + name + "'"), w => LinkCodec.Delete(w, 0, name));

    /// <summary>Queues <c>ip addr add</c>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddAddress(AddressInfo address) => Queue("add address", address, w => AddressCodec.Encode(w, Nl.RTM_NEWADDR, Codec.Create, address));

    /// <summary>Queues <c>ip addr replace</c>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch ReplaceAddress(AddressInfo address) => Queue("replace address", address, w => AddressCodec.Encode(w, Nl.RTM_NEWADDR, Codec.Replace, address));

    /// <summary>Queues <c>ip addr del</c>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteAddress(AddressInfo address) => Queue("delete address", address, w => AddressCodec.Encode(w, Nl.RTM_DELADDR, Codec.Request, address));

    /// <summary>Queues <c>ip route add</c>.</summary>
    /// <param name="route">The route.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddRoute(RouteInfo route) => Queue("add route", route, Nl.RTM_NEWROUTE, Codec.Create);

    /// <summary>Queues <c>ip route replace</c>.</summary>
    /// <param name="route">The route.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch ReplaceRoute(RouteInfo route) => Queue("replace route", route, Nl.RTM_NEWROUTE, Codec.Replace);

    /// <summary>Queues <c>ip route del</c>.</summary>
    /// <param name="route">The route.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteRoute(RouteInfo route) => Queue("delete route", route, Nl.RTM_DELROUTE, Codec.Request);

    /// <summary>Queues <c>ip neigh add</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddNeighbour(NeighbourInfo neighbour) => Queue("add neighbour", neighbour, w => NeighbourCodec.Encode(w, Nl.RTM_NEWNEIGH, Codec.Create, neighbour));

    /// <summary>Queues <c>ip neigh replace</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch ReplaceNeighbour(NeighbourInfo neighbour) => Queue("replace neighbour", neighbour, w => NeighbourCodec.Encode(w, Nl.RTM_NEWNEIGH, Codec.Replace, neighbour));

    /// <summary>Queues <c>ip neigh del</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteNeighbour(NeighbourInfo neighbour) => Queue("delete neighbour", neighbour, w => NeighbourCodec.Encode(w, Nl.RTM_DELNEIGH, Codec.Request, neighbour));

    /// <summary>Queues <c>bridge fdb add</c>.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddFdbEntry(FdbEntry entry) => Queue("add fdb entry", entry, w => NeighbourCodec.Encode(w, Nl.RTM_NEWNEIGH, Codec.Create, entry));

    /// <summary>Queues <c>bridge fdb append</c> (another destination for the same MAC, e.g. flooding on 00:00:00:00:00:00).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AppendFdbEntry(FdbEntry entry) => Queue("append fdb entry", entry, w => NeighbourCodec.Encode(w, Nl.RTM_NEWNEIGH, Codec.Append, entry));

    /// <summary>Queues <c>bridge fdb replace</c>.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch ReplaceFdbEntry(FdbEntry entry) => Queue("replace fdb entry", entry, w => NeighbourCodec.Encode(w, Nl.RTM_NEWNEIGH, Codec.Replace, entry));

    /// <summary>Queues <c>bridge fdb del</c>.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteFdbEntry(FdbEntry entry) => Queue("delete fdb entry", entry, w => NeighbourCodec.Encode(w, Nl.RTM_DELNEIGH, Codec.Request, entry));

    /// <summary>Queues <c>ip rule add</c>.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch AddRule(RuleInfo rule) => Queue("add rule", rule, w => RuleCodec.Encode(w, Nl.RTM_NEWRULE, Codec.Create, rule));

    /// <summary>Queues <c>ip rule del</c>.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This batch.</returns>
    public NetlinkBatch DeleteRule(RuleInfo rule) => Queue("delete rule", rule, w => RuleCodec.Encode(w, Nl.RTM_DELRULE, Codec.Request, rule));

    /// <summary>Sends every queued request, checks every ack, and empties the batch (also on failure).</summary>
    /// <exception cref="NetlinkException">At least one request failed; all others were still applied.</exception>
    public void Execute()
    {
        if (_requests.Count == 0)
        {
            return;
        }

        try
        {
            _socket.Execute(_writer, _requests);
        }
        finally
        {
            _writer.Clear();
            _requests.Clear();
        }
    }

    /// <summary>The encoded messages (for golden tests).</summary>
    internal ReadOnlySpan<byte> Encoded => _writer.Written;

    private NetlinkBatch Queue(string operation, RouteInfo route, ushort type, ushort flags)
    {
        ArgumentNullException.ThrowIfNull(route);
        var mark = _writer.Length;
        try
        {
            RouteCodec.Encode(_writer, type, flags, route);
        }
        catch
        {
            _writer.Truncate(mark);
            throw;
        }

        _requests.Add(new NetlinkRequest(operation, route));
        return this;
    }

    private NetlinkBatch Queue(string operation, object target, Action<NetlinkWriter> encode)
    {
        ArgumentNullException.ThrowIfNull(target);
        var mark = _writer.Length;
        try
        {
            encode(_writer);
        }
        catch
        {
            _writer.Truncate(mark);
            throw;
        }

        _requests.Add(new NetlinkRequest(operation, target));
        return this;
    }

    /// <summary>A pre-formatted target description.</summary>
    private sealed record Described(string Text)
    {
        public override string ToString() => Text;
    }
}
