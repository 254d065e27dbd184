using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>Writes path attributes (flags, type, length, value) into a span, filling the length in at the end.</summary>
internal sealed class AttributeWriter(byte[] buffer, int start)
{
    private Span<byte> Destination => buffer.AsSpan(start);
    private int _valueStart;
    private bool _extended;

    public int Position { get; private set; }

    public Span<byte> Remaining => Destination[Position..];

    public AttributeWriter Begin(byte flags, byte type, bool extended = false)
    {
        _extended = extended;
        Destination[Position] = (byte)(flags | (extended ? AttributeType.FlagExtendedLength : 0));
        Destination[Position + 1] = type;
        Position += extended ? 4 : 3;
        _valueStart = Position;
        return this;
    }

    public AttributeWriter Byte(byte value)
    {
        Destination[Position++] = value;
        return this;
    }

    public AttributeWriter UShort(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(Destination[Position..], value);
        Position += 2;
        return this;
    }

    public AttributeWriter UInt(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Destination[Position..], value);
        Position += 4;
        return this;
    }

    public AttributeWriter Advance(int count)
    {
        Position += count;
        return this;
    }

    public void End()
    {
        var length = Position - _valueStart;
        if (_extended)
        {
            BinaryPrimitives.WriteUInt16BigEndian(Destination[(_valueStart - 2)..], (ushort)length);
        }
        else
        {
            Destination[_valueStart - 1] = (byte)length;
        }
    }
}
