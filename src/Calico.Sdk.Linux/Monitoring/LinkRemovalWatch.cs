using System.Diagnostics;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;
using PollFd = Tmds.Linux.pollfd;

namespace Calico.Sdk.Linux;

/// <summary>
/// Waits on the calling thread, without a thread or event loop of its own, for one link of a namespace to be deleted
/// (its RTM_DELLINK). Open it before asking another process to delete the link, then <see cref="Wait"/>: the kernel
/// announces the deletion once the link has left the namespace (addresses and routes removed, name free), before its
/// deferred clean-up, so the waiter does not pay for that clean-up.
/// </summary>
public sealed unsafe class LinkRemovalWatch : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly int _index;
    private readonly byte[] _buffer = new byte[16 * 1024];

    private LinkRemovalWatch(NetlinkSocket socket, int index) => (_socket, _index) = (socket, index);

    /// <summary>Subscribes to link changes in <paramref name="ns"/> (or the calling thread's namespace) for <paramref name="index"/>.</summary>
    /// <param name="ns">The namespace of the link, or null.</param>
    /// <param name="index">The link's interface index.</param>
    /// <returns>The watch; changes after this call are never missed.</returns>
    /// <exception cref="LinuxSystemException">The netlink socket could not be opened.</exception>
    public static LinkRemovalWatch Open(NetworkNamespace? ns, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        var socket = NetlinkSocket.Open(Constants.NETLINK_ROUTE, ns);
        try
        {
            socket.JoinGroup(Nl.RTNLGRP_LINK);
            return new LinkRemovalWatch(socket, index);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Blocks until the link's deletion is announced or <paramref name="timeout"/> passes.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <returns>True when the deletion was announced; false on timeout, or when notifications were lost (the caller
    /// then looks the link up itself).</returns>
    public bool Wait(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            int received;
            try
            {
                received = _socket.TryReceive(_buffer);
            }
            catch (NetlinkException e) when (e.Errno == Errno.ENOBUFS)
            {
                return false;
            }

            if (received > 0)
            {
                if (Announces(_buffer.AsSpan(0, received)))
                {
                    return true;
                }

                continue;
            }

            var left = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (left <= 0)
            {
                return false;
            }

            var poll = new PollFd { fd = _socket.Handle, events = Constants.POLLIN };
            _ = LibC.Poll(&poll, 1, (int)Math.Min(left, int.MaxValue));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private bool Announces(ReadOnlySpan<byte> datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.Next())
        {
            if (messages.Header.Type == Nl.RTM_DELLINK && LinkCodec.Decode(messages.Payload).Index == _index)
            {
                return true;
            }
        }

        return false;
    }
}
