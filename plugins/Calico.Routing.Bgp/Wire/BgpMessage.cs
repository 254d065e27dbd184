using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>A NOTIFICATION (RFC 4271 §4.5).</summary>
internal sealed record NotificationMessage(byte Code, byte Subcode, byte[] Data)
{
    public byte[] Encode()
    {
        var body = new byte[2 + Data.Length];
        body[0] = Code;
        body[1] = Subcode;
        Data.CopyTo(body, 2);
        return MessageHeader.Frame(BgpMessageType.Notification, body);
    }

    public override string ToString() => BgpError.Describe(Code, Subcode) + " (" + Code + "/" + Subcode + ")";
}

/// <summary>A ROUTE-REFRESH request (RFC 2918).</summary>
internal sealed record RouteRefreshMessage(BgpFamily Family)
{
    public byte[] Encode() => MessageHeader.Frame(BgpMessageType.RouteRefresh, [0, (byte)Family.Afi(), 0, BgpFamilies.SafiUnicast]);
}

/// <summary>A KEEPALIVE.</summary>
internal sealed record KeepaliveMessage
{
    public static readonly KeepaliveMessage Instance = new();
}

/// <summary>Decodes whole messages (header and body).</summary>
internal static class MessageDecoder
{
    /// <summary>Decodes one message; every malformation raises <see cref="BgpProtocolException"/> and nothing else.</summary>
    /// <returns>An <see cref="OpenMessage"/>, <see cref="UpdateMessage"/>, <see cref="NotificationMessage"/>,
    /// <see cref="KeepaliveMessage"/>, or <see cref="RouteRefreshMessage"/> (null for an unsupported family).</returns>
    public static object? Decode(ReadOnlySpan<byte> message, UpdateContext context)
    {
        if (message.Length < MessageHeader.Size)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, "only " + message.Length + " octets");
        }

        var (type, length) = MessageHeader.Parse(message);
        if (length != message.Length)
        {
            throw new BgpProtocolException(BgpError.MessageHeader, BgpError.BadMessageLength, "header says " + length + " octets, message has " + message.Length, message.Slice(16, 2).ToArray());
        }

        var body = message[MessageHeader.Size..];
        return type switch
        {
            BgpMessageType.Open => OpenMessage.Decode(body),
            BgpMessageType.Update => UpdateDecoder.Decode(body, context),
            BgpMessageType.Notification => new NotificationMessage(body[0], body[1], body[2..].ToArray()),
            BgpMessageType.Keepalive => KeepaliveMessage.Instance,
            _ => BgpFamilies.TryFromWire(BinaryPrimitives.ReadUInt16BigEndian(body), body[3], out var family) ? new RouteRefreshMessage(family) : null,
        };
    }
}
