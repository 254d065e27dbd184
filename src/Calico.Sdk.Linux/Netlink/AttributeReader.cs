using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Calico.Sdk.Linux.Netlink;

/// <summary>Walks the attributes (struct nlattr TLVs) of a message payload without allocating.</summary>
internal ref struct AttributeReader
{
    private ReadOnlySpan<byte> _rest;

    internal AttributeReader(ReadOnlySpan<byte> attributes)
    {
        _rest = attributes;
        Type = 0;
        Value = default;
    }

    /// <summary>The attribute type with the NESTED and NET_BYTEORDER bits removed.</summary>
    internal ushort Type { get; private set; }

    internal ReadOnlySpan<byte> Value { get; private set; }

    internal bool Next()
    {
        if (_rest.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        if (length < 4 || length > _rest.Length)
        {
            throw new InvalidDataException($"Malformed netlink attribute: length {length} with {_rest.Length} bytes left.");
        }

        Type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & 0x3fff);
        Value = _rest[4..length];
        var advance = NetlinkWriter.Align(length);
        _rest = advance >= _rest.Length ? default : _rest[advance..];
        return true;
    }

    internal readonly uint U32 => BinaryPrimitives.ReadUInt32LittleEndian(Value);

    internal readonly int I32 => BinaryPrimitives.ReadInt32LittleEndian(Value);

    internal readonly ushort U16 => BinaryPrimitives.ReadUInt16LittleEndian(Value);

    internal readonly ushort U16BigEndian => BinaryPrimitives.ReadUInt16BigEndian(Value);

    internal readonly byte U8 => Value[0];

    internal readonly IPAddress Address => new(Value);

    /// <summary>A NUL-terminated string.</summary>
    internal readonly string String
    {
        get
        {
            var end = Value.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
        }
    }
}
