using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>The 19-octet message header (RFC 4271 §4.1) and its checks (§6.1).</summary>
internal static class MessageHeader
{
    public const int Size = 19;
    public const int MaxMessageSize = 4096;

    /// <summary>Validates a header and returns the message type and total length.</summary>
    /// <exception cref="BgpProtocolException">Message header error with the subcode and data RFC 4271 §6.1 requires.</exception>
    public static (BgpMessageType Type, int Length) Parse(ReadOnlySpan<byte> header)
    {
        for (var i = 0; i < 16; i++)
        {
            if (header[i] != 0xFF)
            {
                throw new BgpProtocolException(BgpError.MessageHeader, BgpError.ConnectionNotSynchronized, "marker octet " + i + " is not all ones");
            }
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var type = header[18];
        var badLength = header.Slice(16, 2).ToArray();
        if (length is < Size or > MaxMessageSize)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, "length " + length + " outside 19..4096", badLength);
        }

        var (min, exact) = type switch
        {
            (byte)BgpMessageType.Open => (29, false),
            (byte)BgpMessageType.Update => (23, false),
            (byte)BgpMessageType.Notification => (21, false),
            (byte)BgpMessageType.Keepalive => (19, true),
            (byte)BgpMessageType.RouteRefresh => (23, true),
            _ => throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageType, "unknown message type " + type, [type]),
        };
        if (length < min || (exact && length != min))
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, "length " + length + " wrong for " + (BgpMessageType)type, badLength);
        }

        return ((BgpMessageType)type, length);
    }

    /// <summary>Writes a header for a message of <paramref name="length"/> octets in total.</summary>
    public static void Write(Span<byte> destination, BgpMessageType type, int length)
    {
        destination[..16].Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], (ushort)length);
        destination[18] = (byte)type;
    }

    /// <summary>A whole message with its header around <paramref name="body"/>.</summary>
    public static byte[] Frame(BgpMessageType type, ReadOnlySpan<byte> body)
    {
        var message = new byte[Size + body.Length];
        Write(message, type, message.Length);
        body.CopyTo(message.AsSpan(Size));
        return message;
    }

    public static byte[] Keepalive() => Frame(BgpMessageType.Keepalive, []);
}
