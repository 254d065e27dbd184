using System.Diagnostics;
using Calico.Sdk.Linux.Interop;
using Calico.Sdk.Linux.Netlink;
using PollFd = Tmds.Linux.pollfd;

namespace Calico.Sdk.Linux;

/// <summary>
/// Waits on the calling thread, without a thread or event loop of its own, for one link of a namespace to be deleted
/// (its RTM_DELLINK). Open it before asking another process to delete the link, then <see cref="Wait(TimeSpan)"/>: the kernel
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
    public bool Wait(TimeSpan timeout) => Wait(timeout, null);

    /// <summary>
    /// Blocks until the link's deletion is announced, <paramref name="timeout"/> passes, or <paramref name="alongside"/>
    /// becomes readable (e.g. the deleting process reports an error or hangs up), whichever comes first. An
    /// announcement already queued wins over a readable <paramref name="alongside"/>.
    /// </summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="alongside">A socket whose input also ends the wait, or null.</param>
    /// <returns>True when the deletion was announced; false otherwise (the caller then reads
    /// <paramref name="alongside"/> or looks the link up itself).</returns>
    public bool Wait(TimeSpan timeout, System.Net.Sockets.Socket? alongside)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var polls = stackalloc PollFd[2];
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

            polls[0] = new PollFd { fd = _socket.Handle, events = Constants.POLLIN };
            polls[1] = new PollFd { fd = alongside is null ? -1 : (int)alongside.Handle, events = Constants.POLLIN };
            _ = LibC.Poll(polls, 2, (int)Math.Min(left, int.MaxValue));
            if (polls[1].revents != 0 && (polls[0].revents & Constants.POLLIN) == 0)
            {
                return false;
            }
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
