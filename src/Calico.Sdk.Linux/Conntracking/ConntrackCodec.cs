using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Calico.Sdk.Linux.Netlink;

namespace Calico.Sdk.Linux.Conntracking;

/// <summary>ctnetlink (NETLINK_NETFILTER, subsystem CTNETLINK) encoding and flow decoding.</summary>
internal static class ConntrackCodec
{
    internal const ushort MsgNew = 1 << 8;
    internal const ushort MsgGet = (1 << 8) | 1;
    internal const ushort MsgDelete = (1 << 8) | 2;
    internal const ushort Nested = 0x8000;
    internal const ushort CTA_TUPLE_ORIG = 1;
    internal const ushort CTA_TUPLE_REPLY = 2;
    internal const ushort CTA_MARK = 8;
    internal const ushort CTA_ID = 12;
    internal const ushort CTA_ZONE = 18;
    private const ushort CTA_TUPLE_IP = 1;
    private const ushort CTA_TUPLE_PROTO = 2;
    private const ushort CTA_IP_V4_SRC = 1;
    private const ushort CTA_IP_V4_DST = 2;
    private const ushort CTA_IP_V6_SRC = 3;
    private const ushort CTA_IP_V6_DST = 4;
    private const ushort CTA_PROTO_NUM = 1;
    private const ushort CTA_PROTO_SRC_PORT = 2;
    private const ushort CTA_PROTO_DST_PORT = 3;

    internal static void Dump(NetlinkWriter writer, byte family)
    {
        var message = writer.BeginMessage(MsgGet, Codec.Dump, 0);
        writer.Write(new NfGenMsg { Family = family });
        writer.EndMessage(message);
    }

    /// <summary>IPCTNL_MSG_CT_DELETE for exactly the flow a dump returned: its original tuple (copied verbatim),
    /// zone and id, so a flow that was replaced in the meantime is not touched (ENOENT).</summary>
    internal static void Delete(NetlinkWriter writer, byte family, ReadOnlySpan<byte> originalTuple, ushort zone, uint? id)
    {
        var message = writer.BeginMessage(MsgDelete, Codec.Request, 0);
        writer.Write(new NfGenMsg { Family = family });
        writer.Bytes(CTA_TUPLE_ORIG | Nested, originalTuple);
        if (zone != 0)
        {
            writer.U16BigEndian(CTA_ZONE, zone);
        }

        if (id is { } value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(writer.Attribute(CTA_ID, 4), value);
        }

        writer.EndMessage(message);
    }

    internal static byte FamilyOf(ReadOnlySpan<byte> payload) => MemoryMarshal.Read<NfGenMsg>(payload).Family;

    /// <summary>Decodes a flow; also returns the raw original tuple and the id for a later delete.</summary>
    internal static ConntrackFlow? Decode(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> originalTuple, out uint? id)
    {
        originalTuple = default;
        id = null;
        Tuple original = default, reply = default;
        ushort zone = 0;
        uint mark = 0;
        var attributes = new AttributeReader(payload[4..]);
        while (attributes.Next())
        {
            switch (attributes.Type)
            {
                case CTA_TUPLE_ORIG:
                    originalTuple = attributes.Value;
                    original = DecodeTuple(attributes.Value);
                    break;
                case CTA_TUPLE_REPLY: reply = DecodeTuple(attributes.Value); break;
                case CTA_ZONE: zone = attributes.U16BigEndian; break;
                case CTA_MARK: mark = BinaryPrimitives.ReadUInt32BigEndian(attributes.Value); break;
                case CTA_ID: id = BinaryPrimitives.ReadUInt32BigEndian(attributes.Value); break;
            }
        }

        if (original.Source is null || original.Destination is null)
        {
            return null;
        }

        return new ConntrackFlow(original.Protocol, original.Source, original.Destination)
        {
            SourcePort = original.SourcePort,
            DestinationPort = original.DestinationPort,
            ReplySource = reply.Source,
            ReplyDestination = reply.Destination,
            Zone = zone,
            Mark = mark,
        };
    }

    private static Tuple DecodeTuple(ReadOnlySpan<byte> value)
    {
        var tuple = default(Tuple);
        var attributes = new AttributeReader(value);
        while (attributes.Next())
        {
            if (attributes.Type == CTA_TUPLE_IP)
            {
                var ip = new AttributeReader(attributes.Value);
                while (ip.Next())
                {
                    switch (ip.Type)
                    {
                        case CTA_IP_V4_SRC or CTA_IP_V6_SRC: tuple.Source = ip.Address; break;
                        case CTA_IP_V4_DST or CTA_IP_V6_DST: tuple.Destination = ip.Address; break;
                    }
                }
            }
            else if (attributes.Type == CTA_TUPLE_PROTO)
            {
                var proto = new AttributeReader(attributes.Value);
                while (proto.Next())
                {
                    switch (proto.Type)
                    {
                        case CTA_PROTO_NUM: tuple.Protocol = proto.U8; break;
                        case CTA_PROTO_SRC_PORT: tuple.SourcePort = proto.U16BigEndian; break;
                        case CTA_PROTO_DST_PORT: tuple.DestinationPort = proto.U16BigEndian; break;
                    }
                }
            }
        }

        return tuple;
    }

    private struct Tuple
    {
        public IPAddress? Source;
        public IPAddress? Destination;
        public byte Protocol;
        public ushort SourcePort;
        public ushort DestinationPort;
    }
}
