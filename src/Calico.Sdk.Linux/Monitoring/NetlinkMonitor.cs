using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux;

/// <summary>
/// Subscribes to rtnetlink multicast groups (links, addresses, routes) in a namespace and yields the kernel's change
/// notifications as an async stream. The subscription is live as soon as <see cref="Open"/> returns, so changes made
/// after that are never missed. If the kernel drops notifications because the reader fell behind, reading throws a
/// <see cref="NetlinkException"/> with ENOBUFS: the caller must resynchronise with a dump.
/// </summary>
public sealed class NetlinkMonitor : IDisposable
{
    private readonly NetlinkSocket _netlink;
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Queue<NetlinkEvent> _pending = new();

    private NetlinkMonitor(NetlinkSocket netlink)
    {
        _netlink = netlink;
        // Wrapping the fd in a Socket gives epoll-driven, cancellable receives without a thread of our own.
        _socket = new Socket(new SafeSocketHandle(netlink.Handle, ownsHandle: false));
    }

    /// <summary>Subscribes in <paramref name="ns"/> (or the calling thread's namespace when null).</summary>
    /// <param name="groups">The groups to join.</param>
    /// <param name="ns">The namespace, or null.</param>
    /// <returns>The monitor.</returns>
    public static NetlinkMonitor Open(NetlinkGroups groups, NetworkNamespace? ns = null)
    {
        if (groups == NetlinkGroups.None)
        {
            throw new ArgumentException("Subscribe to at least one group.", nameof(groups));
        }

        var netlink = NetlinkSocket.Open(Constants.NETLINK_ROUTE, ns);
        try
        {
            Join(netlink, groups, NetlinkGroups.Link, Nl.RTNLGRP_LINK);
            Join(netlink, groups, NetlinkGroups.IPv4Address, Nl.RTNLGRP_IPV4_IFADDR);
            Join(netlink, groups, NetlinkGroups.IPv6Address, Nl.RTNLGRP_IPV6_IFADDR);
            Join(netlink, groups, NetlinkGroups.IPv4Route, Nl.RTNLGRP_IPV4_ROUTE);
            Join(netlink, groups, NetlinkGroups.IPv6Route, Nl.RTNLGRP_IPV6_ROUTE);
            return new NetlinkMonitor(netlink);
        }
        catch
        {
            netlink.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next notification.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The notification.</returns>
    public async ValueTask<NetlinkEvent> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (_pending.Count == 0)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                throw new NetlinkException("receive", "change notifications", Errno.ENOBUFS, "notifications were lost: the receive queue overflowed; resynchronise with a dump");
            }

            Decode(_buffer.AsSpan(0, received), _pending);
        }

        return _pending.Dequeue();
    }

    /// <summary>Yields notifications until cancelled.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The notifications.</returns>
    public async IAsyncEnumerable<NetlinkEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            yield return await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        _netlink.Dispose();
    }

    internal static void Decode(ReadOnlySpan<byte> datagram, Queue<NetlinkEvent> into)
    {
        var messages = new MessageReader(datagram);
        while (messages.Next())
        {
            var payload = messages.Payload;
            NetlinkEvent? change = messages.Header.Type switch
            {
                Nl.RTM_NEWLINK => new(NetlinkEventKind.NewLink) { Link = LinkCodec.Decode(payload) },
                Nl.RTM_DELLINK => new(NetlinkEventKind.DeleteLink) { Link = LinkCodec.Decode(payload) },
                Nl.RTM_NEWADDR => new(NetlinkEventKind.NewAddress) { Address = AddressCodec.Decode(payload) },
                Nl.RTM_DELADDR => new(NetlinkEventKind.DeleteAddress) { Address = AddressCodec.Decode(payload) },
                Nl.RTM_NEWROUTE => new(NetlinkEventKind.NewRoute) { Route = RouteCodec.Decode(payload) },
                Nl.RTM_DELROUTE => new(NetlinkEventKind.DeleteRoute) { Route = RouteCodec.Decode(payload) },
                _ => null,
            };
            if (change is not null)
            {
                into.Enqueue(change);
            }
        }
    }

    private static void Join(NetlinkSocket netlink, NetlinkGroups requested, NetlinkGroups group, int number)
    {
        if ((requested & group) != 0)
        {
            netlink.JoinGroup(number);
        }
    }
}
