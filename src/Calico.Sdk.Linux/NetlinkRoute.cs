using System.Net.Sockets;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux;

/// <summary>
/// An rtnetlink (NETLINK_ROUTE) connection with verbs that mirror iproute2: <c>ip link</c>, <c>ip addr</c>,
/// <c>ip route</c>, <c>ip neigh</c>, <c>bridge fdb</c> and <c>ip rule</c>. The socket belongs to the namespace it
/// was opened in and may be used from any thread (requests are serialised). Each change verb sends one acked
/// request; use <see cref="CreateBatch"/> to send thousands with one send per 64 KiB. Dumps restart when the kernel
/// flags them interrupted (NLM_F_DUMP_INTR). Kernel errors raise <see cref="NetlinkException"/>.
/// </summary>
public sealed class NetlinkRoute : IDisposable
{
    private readonly NetlinkSocket _socket;

    private NetlinkRoute(NetlinkSocket socket) => _socket = socket;

    /// <summary>Opens a connection in the calling thread's network namespace.</summary>
    /// <returns>The connection.</returns>
    public static NetlinkRoute Open() => new(NetlinkSocket.Open(Constants.NETLINK_ROUTE, null));

    /// <summary>Opens a connection inside <paramref name="ns"/> (the socket is created on a thread in it).</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>The connection.</returns>
    public static NetlinkRoute Open(NetworkNamespace ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new(NetlinkSocket.Open(Constants.NETLINK_ROUTE, ns));
    }

    /// <summary>Starts a batch of requests on this connection.</summary>
    /// <returns>An empty batch.</returns>
    public NetlinkBatch CreateBatch() => new(_socket, NetlinkSocket.ChunkSize);

    /// <summary><c>ip link add</c>.</summary>
    /// <param name="link">The link.</param>
    /// <returns>The created link as read back.</returns>
    public LinkInfo AddLink(LinkSpec link)
    {
        Single().AddLink(link).Execute();
        return GetLink(link.Name) ?? throw new NetlinkException("add link", link.ToString(), Errno.ENODEV, "created link vanished before it could be read back");
    }

    /// <summary><c>ip link set</c> by ifindex.</summary>
    /// <param name="index">The ifindex.</param>
    /// <param name="settings">The changes.</param>
    public void SetLink(int index, LinkSettings settings) => Single().SetLink(index, settings).Execute();

    /// <summary><c>ip link set</c> by name.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="settings">The changes (renaming needs the index overload).</param>
    public void SetLink(string name, LinkSettings settings) => Single().SetLink(name, settings).Execute();

    /// <summary><c>ip link del</c> by ifindex.</summary>
    /// <param name="index">The ifindex.</param>
    public void DeleteLink(int index) => Single().DeleteLink(index).Execute();

    /// <summary><c>ip link del</c> by name.</summary>
    /// <param name="name">The interface name.</param>
    public void DeleteLink(string name) => Single().DeleteLink(name).Execute();

    /// <summary><c>ip link show</c>: every link.</summary>
    /// <returns>The links, in kernel order.</returns>
    public IReadOnlyList<LinkInfo> GetLinks()
    {
        var request = new NetlinkWriter(64);
        LinkCodec.Get(request, 0, null);
        var sink = new ListSink<LinkInfo>(Nl.RTM_NEWLINK, p => LinkCodec.Decode(p));
        _socket.Dump(request, sink, "list", "links");
        return sink.Items;
    }

    /// <summary><c>ip link show dev NAME</c>.</summary>
    /// <param name="name">The interface name.</param>
    /// <returns>The link, or null when none has that name.</returns>
    public LinkInfo? GetLink(string name) => QueryLink(0, name);

    /// <summary>The link with this ifindex.</summary>
    /// <param name="index">The ifindex.</param>
    /// <returns>The link, or null when none has that index.</returns>
    public LinkInfo? GetLink(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        return QueryLink(index, null);
    }

    /// <summary><c>ip addr add</c>.</summary>
    /// <param name="address">The address.</param>
    public void AddAddress(AddressInfo address) => Single().AddAddress(address).Execute();

    /// <summary><c>ip addr replace</c>.</summary>
    /// <param name="address">The address.</param>
    public void ReplaceAddress(AddressInfo address) => Single().ReplaceAddress(address).Execute();

    /// <summary><c>ip addr del</c>.</summary>
    /// <param name="address">The address.</param>
    public void DeleteAddress(AddressInfo address) => Single().DeleteAddress(address).Execute();

    /// <summary><c>ip addr show</c>, optionally for one family and one device.</summary>
    /// <param name="family">InterNetwork, InterNetworkV6 or Unspecified for both.</param>
    /// <param name="interfaceIndex">Only this ifindex, or 0 for all.</param>
    /// <returns>The addresses.</returns>
    public IReadOnlyList<AddressInfo> GetAddresses(AddressFamily family = AddressFamily.Unspecified, int interfaceIndex = 0)
    {
        var request = new NetlinkWriter(64);
        AddressCodec.Dump(request, Codec.Family(family));
        var sink = new ListSink<AddressInfo>(Nl.RTM_NEWADDR, p =>
        {
            var address = AddressCodec.Decode(p);
            return interfaceIndex == 0 || address.InterfaceIndex == interfaceIndex ? address : null;
        });
        _socket.Dump(request, sink, "list", "addresses");
        return sink.Items;
    }

    /// <summary><c>ip route add</c>.</summary>
    /// <param name="route">The route.</param>
    public void AddRoute(RouteInfo route) => Single().AddRoute(route).Execute();

    /// <summary><c>ip route replace</c>.</summary>
    /// <param name="route">The route.</param>
    public void ReplaceRoute(RouteInfo route) => Single().ReplaceRoute(route).Execute();

    /// <summary><c>ip route del</c>. Matches on destination, table, type, metric and, when set, gateway, device
    /// and scope (any protocol).</summary>
    /// <param name="route">The route.</param>
    public void DeleteRoute(RouteInfo route) => Single().DeleteRoute(route).Execute();

    /// <summary><c>ip route show [table T]</c>: routes of one family, without cached clones.</summary>
    /// <param name="family">InterNetwork or InterNetworkV6 (Unspecified: both).</param>
    /// <param name="table">Only this table (default main), or null for every table.</param>
    /// <returns>The routes.</returns>
    public IReadOnlyList<RouteInfo> GetRoutes(AddressFamily family = AddressFamily.InterNetwork, uint? table = RouteInfo.MainTable)
    {
        var request = new NetlinkWriter(64);
        RouteCodec.Dump(request, Codec.Family(family));
        var sink = new ListSink<RouteInfo>(Nl.RTM_NEWROUTE, p =>
        {
            var routeTable = RouteCodec.TableOf(p, out var cloned);
            return cloned || (table is { } wanted && routeTable != wanted) ? null : RouteCodec.Decode(p);
        });
        _socket.Dump(request, sink, "list", "routes");
        return sink.Items;
    }

    /// <summary><c>ip neigh add</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    public void AddNeighbour(NeighbourInfo neighbour) => Single().AddNeighbour(neighbour).Execute();

    /// <summary><c>ip neigh replace</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    public void ReplaceNeighbour(NeighbourInfo neighbour) => Single().ReplaceNeighbour(neighbour).Execute();

    /// <summary><c>ip neigh del</c>.</summary>
    /// <param name="neighbour">The entry.</param>
    public void DeleteNeighbour(NeighbourInfo neighbour) => Single().DeleteNeighbour(neighbour).Execute();

    /// <summary><c>ip neigh show</c>.</summary>
    /// <param name="family">InterNetwork, InterNetworkV6 or Unspecified for both.</param>
    /// <param name="interfaceIndex">Only this ifindex, or 0 for all.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<NeighbourInfo> GetNeighbours(AddressFamily family = AddressFamily.Unspecified, int interfaceIndex = 0)
    {
        var request = new NetlinkWriter(64);
        NeighbourCodec.Dump(request, Codec.Family(family));
        var sink = new ListSink<NeighbourInfo>(Nl.RTM_NEWNEIGH, p =>
        {
            var entry = NeighbourCodec.DecodeNeighbour(p);
            return entry is not null && (interfaceIndex == 0 || entry.InterfaceIndex == interfaceIndex) ? entry : null;
        });
        _socket.Dump(request, sink, "list", "neighbours");
        return sink.Items;
    }

    /// <summary><c>bridge fdb add</c>.</summary>
    /// <param name="entry">The entry.</param>
    public void AddFdbEntry(FdbEntry entry) => Single().AddFdbEntry(entry).Execute();

    /// <summary><c>bridge fdb append</c>.</summary>
    /// <param name="entry">The entry.</param>
    public void AppendFdbEntry(FdbEntry entry) => Single().AppendFdbEntry(entry).Execute();

    /// <summary><c>bridge fdb replace</c>.</summary>
    /// <param name="entry">The entry.</param>
    public void ReplaceFdbEntry(FdbEntry entry) => Single().ReplaceFdbEntry(entry).Execute();

    /// <summary><c>bridge fdb del</c>.</summary>
    /// <param name="entry">The entry.</param>
    public void DeleteFdbEntry(FdbEntry entry) => Single().DeleteFdbEntry(entry).Execute();

    /// <summary><c>bridge fdb show [dev DEV]</c>.</summary>
    /// <param name="interfaceIndex">Only this ifindex, or 0 for all.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<FdbEntry> GetFdbEntries(int interfaceIndex = 0)
    {
        var request = new NetlinkWriter(64);
        NeighbourCodec.Dump(request, Constants.AF_BRIDGE);
        var sink = new ListSink<FdbEntry>(Nl.RTM_NEWNEIGH, p =>
        {
            var entry = NeighbourCodec.DecodeFdb(p);
            return entry is not null && (interfaceIndex == 0 || entry.InterfaceIndex == interfaceIndex) ? entry : null;
        });
        _socket.Dump(request, sink, "list", "fdb entries");
        return sink.Items;
    }

    /// <summary><c>ip rule add</c>.</summary>
    /// <param name="rule">The rule.</param>
    public void AddRule(RuleInfo rule) => Single().AddRule(rule).Execute();

    /// <summary><c>ip rule del</c>.</summary>
    /// <param name="rule">The rule.</param>
    public void DeleteRule(RuleInfo rule) => Single().DeleteRule(rule).Execute();

    /// <summary><c>ip rule show</c>.</summary>
    /// <param name="family">InterNetwork or InterNetworkV6.</param>
    /// <returns>The rules, in priority order.</returns>
    public IReadOnlyList<RuleInfo> GetRules(AddressFamily family = AddressFamily.InterNetwork)
    {
        var request = new NetlinkWriter(64);
        RuleCodec.Dump(request, Codec.Family(family));
        var sink = new ListSink<RuleInfo>(Nl.RTM_NEWRULE, p => RuleCodec.Decode(p));
        _socket.Dump(request, sink, "list", "rules");
        return sink.Items;
    }

    /// <summary>The underlying socket (tests tune its chunking).</summary>
    internal NetlinkSocket Socket => _socket;

    /// <summary>How many dumps were restarted after NLM_F_DUMP_INTR (diagnostics and tests).</summary>
    internal int DumpRestarts => _socket.DumpRestarts;

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private NetlinkBatch Single() => new(_socket, 512);

    private LinkInfo? QueryLink(int index, string? name)
    {
        var request = new NetlinkWriter(64);
        LinkCodec.Get(request, index, name);
        var sink = new ListSink<LinkInfo>(Nl.RTM_NEWLINK, p => LinkCodec.Decode(p));
        return _socket.Query(request, sink, "get link", name is null ? "#" + index : "'" + name + "'") ? sink.Items[0] : null;
    }
}
