using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Interop;
using static Calico.Sdk.Linux.Interop.Constants;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>
/// A netlink socket (any protocol) bound in the namespace it was created in and usable from any thread: requests
/// are serialised by a lock. Batches are sent in chunks of whole messages, each acked (NLM_F_ACK) and checked.
/// </summary>
internal sealed unsafe partial class NetlinkSocket : IDisposable
{
    internal const int ChunkSize = 64 * 1024;
    private const int ReceiveBufferSize = 64 * 1024;
    private const int KernelReceiveBuffer = 8 * 1024 * 1024;
    private const int MaxDumpAttempts = 10;
    private readonly Lock _lock = new();
    private readonly byte[] _receive = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private int _fd;
    private uint _sequence;

    private NetlinkSocket(int fd, int protocol)
    {
        _fd = fd;
        Protocol = protocol;
        _sequence = (uint)Environment.TickCount;
    }

    internal int Protocol { get; }

    /// <summary>How many requests one chunk of a batch may hold, so its acks fit the receive queue.</summary>
    internal int MaxRequestsPerChunk { get; set; } = 16;

    /// <summary>How many dumps this socket restarted because the kernel flagged them NLM_F_DUMP_INTR.</summary>
    internal int DumpRestarts { get; private set; }

    /// <summary>The port id the kernel assigned at bind time.</summary>
    internal uint PortId { get; private set; }

    internal int Handle => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(NetlinkSocket));

    /// <summary>Opens a socket in the calling thread's namespace or, when given, inside <paramref name="ns"/>.</summary>
    internal static NetlinkSocket Open(int protocol, NetworkNamespace? ns, bool nonBlocking = false)
    {
        var type = SOCK_RAW | SOCK_CLOEXEC | (nonBlocking ? SOCK_NONBLOCK : 0);
        var fd = ns is null ? CreateFd(protocol, type) : ns.Run(() => CreateFd(protocol, type));
        var socket = new NetlinkSocket(fd, protocol);
        try
        {
            socket.Configure();
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    private static int CreateFd(int protocol, int type)
    {
        var fd = LibC.Socket(AF_NETLINK, type, protocol);
        return fd >= 0 ? fd : throw Errno.LastException("socket", "AF_NETLINK protocol " + protocol);
    }

    private void Configure()
    {
        // A large receive queue lets a 64 KiB chunk of requests queue all its acks; root may exceed rmem_max.
        if (!TrySetInt(SOL_SOCKET, SO_RCVBUFFORCE, KernelReceiveBuffer))
        {
            TrySetInt(SOL_SOCKET, SO_RCVBUF, KernelReceiveBuffer);
        }

        TrySetInt(SOL_SOCKET, SO_SNDBUF, 4 * ChunkSize);

        // Without CAP_NET_ADMIN the queue stays at rmem_max: send fewer requests per chunk so their acks (about
        // 1 KiB of queue each) can never overflow it and be lost as ENOBUFS.
        int queue = 0;
        var size = (uint)sizeof(int);
        _ = LibC.GetSockOpt(_fd, SOL_SOCKET, SO_RCVBUF, &queue, &size);
        MaxRequestsPerChunk = Math.Max(16, queue / 2048);
        TrySetInt(SOL_NETLINK, NETLINK_CAP_ACK, 1);
        TrySetInt(SOL_NETLINK, NETLINK_EXT_ACK, 1);
        var address = new SockAddrNl { Family = AF_NETLINK };
        if (LibC.Bind(_fd, &address, (uint)sizeof(SockAddrNl)) != 0)
        {
            throw Errno.LastException("bind", "netlink socket");
        }

        var length = (uint)sizeof(SockAddrNl);
        if (LibC.GetSockName(_fd, &address, &length) != 0)
        {
            throw Errno.LastException("getsockname", "netlink socket");
        }

        PortId = address.PortId;
    }

    internal bool TrySetInt(int level, int name, int value) => LibC.SetSockOpt(Handle, level, name, &value, sizeof(int)) == 0;

    /// <summary>Joins a multicast group (RTNLGRP_*).</summary>
    internal void JoinGroup(int group)
    {
        if (!TrySetInt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group))
        {
            throw Errno.LastException("join netlink group", group.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Sends every message in <paramref name="writer"/> and checks one ack per message.</summary>
    /// <exception cref="NetlinkException">One or more requests failed; the first is reported, the rest attached.</exception>
    internal void Execute(NetlinkWriter writer, IReadOnlyList<NetlinkRequest> requests)
    {
        List<NetlinkException>? failures = null;
        lock (_lock)
        {
            var offset = 0;
            var index = 0;
            while (offset < writer.Length)
            {
                var chunkStart = offset;
                var first = _sequence + 1;
                var count = 0u;
                while (offset < writer.Length)
                {
                    var (_, length) = writer.MessageAt(offset);
                    if (count > 0 && (offset + length - chunkStart > ChunkSize || count >= MaxRequestsPerChunk))
                    {
                        break;
                    }

                    writer.SetSequence(offset, first + count);
                    offset += length;
                    count++;
                }

                _sequence = first + count - 1;
                Send(writer.Slice(chunkStart, offset - chunkStart));
                ReadAcks(first, count, index, requests, ref failures);
                index += (int)count;
            }
        }

        if (failures is { Count: > 0 })
        {
            var head = failures[0];
            throw failures.Count == 1 ? head : new NetlinkException(head.Operation, head.Target, head.Errno, head.KernelMessage, failures[1..]);
        }
    }

    private void ReadAcks(uint first, uint count, int index, IReadOnlyList<NetlinkRequest> requests, ref List<NetlinkException>? failures)
    {
        var remaining = count;
        while (remaining > 0)
        {
            var received = Receive();
            var messages = new MessageReader(_receive.AsSpan(0, received));
            while (messages.Next())
            {
                var offsetInChunk = messages.Header.Sequence - first;
                if (offsetInChunk >= count || messages.Header.Type != Nl.NLMSG_ERROR)
                {
                    continue; // a stale reply of an abandoned request, or an echo: not ours to count
                }

                remaining--;
                var (error, message) = ParseError(messages.Header, messages.Payload);
                if (error != 0)
                {
                    var request = requests[index + (int)offsetInChunk];
                    (failures ??= []).Add(new NetlinkException(request.Operation, request.Target.ToString() ?? string.Empty, error, message));
                }
            }
        }
    }

    /// <summary>Sends one dump request and feeds every reply to <paramref name="sink"/>; restarts on NLM_F_DUMP_INTR.</summary>
    internal void Dump(NetlinkWriter request, IDumpSink sink, string operation, string target)
    {
        lock (_lock)
        {
            for (var attempt = 1; ; attempt++)
            {
                var sequence = ++_sequence;
                request.SetSequence(0, sequence);
                Send(request.Written);
                var interrupted = false;
                var done = false;
                while (!done)
                {
                    var received = Receive();
                    var messages = new MessageReader(_receive.AsSpan(0, received));
                    while (messages.Next())
                    {
                        var header = messages.Header;
                        if (header.Sequence != sequence)
                        {
                            continue;
                        }

                        interrupted |= (header.Flags & Nl.NLM_F_DUMP_INTR) != 0;
                        if (header.Type == Nl.NLMSG_DONE)
                        {
                            var status = messages.Payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(messages.Payload) : 0;
                            if (status < 0)
                            {
                                throw new NetlinkException(operation, target, -status, null);
                            }

                            done = true;
                            break;
                        }

                        if (header.Type == Nl.NLMSG_ERROR)
                        {
                            var (error, message) = ParseError(header, messages.Payload);
                            if (error == 0)
                            {
                                continue;
                            }

                            throw new NetlinkException(operation, target, error, message);
                        }

                        if (!interrupted)
                        {
                            sink.Add(header.Type, messages.Payload);
                        }
                    }
                }

                if (!interrupted)
                {
                    return;
                }

                if (attempt == MaxDumpAttempts)
                {
                    throw new NetlinkException(operation, target, Errno.EINTR, $"dump interrupted by concurrent changes {MaxDumpAttempts} times in a row");
                }

                DumpRestarts++;
                sink.Reset();
            }
        }
    }

    /// <summary>Sends one get request and feeds its single reply to <paramref name="sink"/>.</summary>
    /// <returns>False when the kernel answered ENODEV/ENOENT (no such object).</returns>
    internal bool Query(NetlinkWriter request, IDumpSink sink, string operation, string target)
    {
        lock (_lock)
        {
            var sequence = ++_sequence;
            request.SetSequence(0, sequence);
            Send(request.Written);
            while (true)
            {
                var received = Receive();
                var messages = new MessageReader(_receive.AsSpan(0, received));
                while (messages.Next())
                {
                    if (messages.Header.Sequence != sequence)
                    {
                        continue;
                    }

                    if (messages.Header.Type == Nl.NLMSG_ERROR)
                    {
                        var (error, message) = ParseError(messages.Header, messages.Payload);
                        if (error is Errno.ENODEV or Errno.ENOENT)
                        {
                            return false;
                        }

                        throw new NetlinkException(operation, target, error, message);
                    }

                    sink.Add(messages.Header.Type, messages.Payload);
                    return true;
                }
            }
        }
    }

    /// <summary>Parses an NLMSG_ERROR payload: positive errno (0 for an ack) and the extended-ack text.</summary>
    internal static (int Errno, string? Message) ParseError(NlMsgHdr header, ReadOnlySpan<byte> payload)
    {
        var error = -BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (error == 0 || (header.Flags & Nl.NLM_F_ACK_TLVS) == 0)
        {
            return (error, null);
        }

        var request = MemoryMarshal.Read<NlMsgHdr>(payload[4..]);
        var tlvStart = 4 + ((header.Flags & Nl.NLM_F_CAPPED) != 0 ? 16 : NetlinkWriter.Align((int)request.Length));
        if (tlvStart >= payload.Length)
        {
            return (error, null);
        }

        var attributes = new AttributeReader(payload[tlvStart..]);
        while (attributes.Next())
        {
            if (attributes.Type == Nl.NLMSGERR_ATTR_MSG)
            {
                return (error, attributes.String);
            }
        }

        return (error, null);
    }

    internal void Send(ReadOnlySpan<byte> data)
    {
        fixed (byte* pointer = data)
        {
            while (true)
            {
                var sent = LibC.Send(Handle, pointer, (nuint)data.Length, 0);
                if (sent >= 0)
                {
                    return;
                }

                var errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException("send", "netlink request of " + data.Length + " bytes", errno, null);
                }
            }
        }
    }

    /// <summary>Blocking receive into the socket's own buffer; returns the byte count.</summary>
    internal int Receive()
    {
        fixed (byte* pointer = _receive)
        {
            while (true)
            {
                var received = LibC.Recv(Handle, pointer, ReceiveBufferSize, 0);
                if (received >= 0)
                {
                    return (int)received;
                }

                var errno = Errno.Last;
                if (errno != Errno.EINTR)
                {
                    throw new NetlinkException("receive", "netlink reply", errno, errno == Errno.ENOBUFS ? "socket receive queue overflowed" : null);
                }
            }
        }
    }

    /// <summary>Non-blocking receive; returns -1 when nothing is queued.</summary>
    internal int TryReceive(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            var received = LibC.Recv(Handle, pointer, (nuint)buffer.Length, MSG_DONTWAIT);
            if (received >= 0)
            {
                return (int)received;
            }

            var errno = Errno.Last;
            return errno is Errno.EAGAIN or Errno.EINTR ? -1 : throw new NetlinkException("receive", "netlink notification", errno, errno == Errno.ENOBUFS ? "notifications were lost: the receive queue overflowed" : null);
        }
    }

    internal ReadOnlySpan<byte> ReceivedData(int length) => _receive.AsSpan(0, length);

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }
}
