using System.Runtime.InteropServices;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>Walks the netlink messages in one received datagram.</summary>
internal ref struct MessageReader
{
    private ReadOnlySpan<byte> _rest;

    internal MessageReader(ReadOnlySpan<byte> datagram)
    {
        _rest = datagram;
        Header = default;
        Payload = default;
    }

    internal NlMsgHdr Header { get; private set; }

    /// <summary>The bytes after the 16-byte header.</summary>
    internal ReadOnlySpan<byte> Payload { get; private set; }

    internal bool Next()
    {
        if (_rest.Length < 16)
        {
            return false;
        }

        var header = MemoryMarshal.Read<NlMsgHdr>(_rest);
        if (header.Length < 16 || header.Length > _rest.Length)
        {
            throw new InvalidDataException($"Malformed netlink message: length {header.Length} with {_rest.Length} bytes left.");
        }

        Header = header;
        Payload = _rest[16..(int)header.Length];
        var advance = NetlinkWriter.Align((int)header.Length);
        _rest = advance >= _rest.Length ? default : _rest[advance..];
        return true;
    }
}
