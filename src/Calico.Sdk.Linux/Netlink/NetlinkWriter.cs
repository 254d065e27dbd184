using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>
/// Appends netlink messages (header, fixed struct, attributes) to one growable buffer, so a batch of thousands of
/// requests is encoded with no per-message allocation and sent with one send() per chunk.
/// </summary>
internal sealed class NetlinkWriter
{
    private const int HeaderSize = 16;
    private byte[] _buffer;
    private int _length;

    internal NetlinkWriter(int capacity = 4096) => _buffer = new byte[capacity];

    /// <summary>Bytes written so far.</summary>
    internal int Length => _length;

    /// <summary>The encoded messages.</summary>
    internal ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    internal static int Align(int length) => (length + 3) & ~3;

    internal void Clear() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (rolls back a message whose encoding failed).</summary>
    internal void Truncate(int length) => _length = length;

    /// <summary>Starts a message; returns its offset for <see cref="EndMessage"/>.</summary>
    internal int BeginMessage(ushort type, ushort flags, uint sequence)
    {
        var start = _length;
        Write(new NlMsgHdr { Type = type, Flags = flags, Sequence = sequence });
        return start;
    }

    /// <summary>Writes the message length into the header begun at <paramref name="start"/>.</summary>
    internal void EndMessage(int start) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start), (uint)(_length - start));

    /// <summary>Appends a fixed-layout struct (padded to 4 bytes).</summary>
    internal void Write<T>(in T value)
        where T : unmanaged
    {
        var span = Reserve(Unsafe.SizeOf<T>());
        MemoryMarshal.Write(span, in value);
    }

    /// <summary>Appends an attribute header and returns its zeroed payload.</summary>
    internal Span<byte> Attribute(ushort type, int payloadLength)
    {
        var span = Reserve(4 + payloadLength);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(4 + payloadLength));
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        return span[4..];
    }

    internal void Flag(ushort type) => Attribute(type, 0);

    internal void U8(ushort type, byte value) => Attribute(type, 1)[0] = value;

    internal void U16(ushort type, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Attribute(type, 2), value);

    internal void U16BigEndian(ushort type, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Attribute(type, 2), value);

    internal void U32(ushort type, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Attribute(type, 4), value);

    internal void I32(ushort type, int value) => BinaryPrimitives.WriteInt32LittleEndian(Attribute(type, 4), value);

    internal void Bytes(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(Attribute(type, value.Length));

    /// <summary>A NUL-terminated string attribute (IFLA_IFNAME and friends).</summary>
    internal void String(ushort type, string value)
    {
        var span = Attribute(type, Encoding.UTF8.GetByteCount(value) + 1);
        Encoding.UTF8.GetBytes(value, span);
    }

    /// <summary>An address attribute: 4 bytes for IPv4, 16 for IPv6, written without allocating.</summary>
    internal void Address(ushort type, IPAddress address)
    {
        var span = Attribute(type, AddressLength(address));
        address.TryWriteBytes(span, out _);
    }

    /// <summary>Starts a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    internal int BeginNested(ushort type)
    {
        var start = _length;
        Attribute(type, 0);
        return start;
    }

    internal void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    /// <summary>Rewrites a uint at an absolute offset (e.g. a length field of a nested struct).</summary>
    internal void PatchUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(offset), value);

    internal static int AddressLength(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16;

    private Span<byte> Reserve(int size)
    {
        var aligned = Align(size);
        if (_length + aligned > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + aligned));
        }

        var span = _buffer.AsSpan(_length, aligned);
        span.Clear();
        _length += aligned;
        return span[..size];
    }

    /// <summary>The sequence number of the message starting at <paramref name="offset"/> and its length.</summary>
    internal (uint Sequence, int Length) MessageAt(int offset)
    {
        var header = MemoryMarshal.Read<NlMsgHdr>(_buffer.AsSpan(offset));
        return (header.Sequence, (int)header.Length);
    }

    /// <summary>Sets the sequence number of the message starting at <paramref name="offset"/>.</summary>
    internal void SetSequence(int offset, uint sequence) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset + 8), sequence);

    internal ReadOnlySpan<byte> Slice(int offset, int length) => _buffer.AsSpan(offset, length);

    internal static int HeaderLength => HeaderSize;
}
