using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>Builds UPDATE messages, packing as many prefixes as fit in 4096 octets per message.</summary>
internal static class UpdateEncoder
{
    private const int MaxBody = MessageHeader.MaxMessageSize - MessageHeader.Size;

    /// <summary>UPDATEs announcing <paramref name="prefixes"/> (all of <paramref name="family"/>) with one set of attributes.</summary>
    public static List<byte[]> Announce(PathAttributes attributes, BgpFamily family, IReadOnlyList<BgpPrefix> prefixes, bool fourOctet)
    {
        var messages = new List<byte[]>();
        var scratch = new byte[MaxBody];
        var common = WriteAttributes(attributes, family, fourOctet, scratch, 4);
        var index = 0;
        while (index < prefixes.Count)
        {
            var body = scratch.AsSpan();
            var at = 4 + common;
            int attributesLength;
            if (family == BgpFamily.IPv4Unicast)
            {
                attributesLength = common;
                while (index < prefixes.Count && at + 1 + prefixes[index].ByteCount <= MaxBody)
                {
                    at += prefixes[index++].WriteNlri(body[at..]);
                }
            }
            else
            {
                var hop = attributes.NextHop ?? throw new InvalidOperationException("IPv6 announcement without a next hop");
                var hopLength = attributes.NextHopLinkLocal is null ? 16 : 32;
                var mpStart = at;
                body[at] = AttributeType.FlagOptional | AttributeType.FlagExtendedLength;
                body[at + 1] = AttributeType.MpReach;
                at += 4;
                BinaryPrimitives.WriteUInt16BigEndian(body[at..], BgpFamilies.AfiIPv6);
                body[at + 2] = BgpFamilies.SafiUnicast;
                body[at + 3] = (byte)hopLength;
                hop.TryWriteBytes(body[(at + 4)..], out _);
                attributes.NextHopLinkLocal?.TryWriteBytes(body[(at + 20)..], out _);
                at += 4 + hopLength;
                body[at++] = 0;
                while (index < prefixes.Count && at + 1 + prefixes[index].ByteCount <= MaxBody)
                {
                    at += prefixes[index++].WriteNlri(body[at..]);
                }

                BinaryPrimitives.WriteUInt16BigEndian(body[(mpStart + 2)..], (ushort)(at - mpStart - 4));
                attributesLength = at - 4;
            }

            BinaryPrimitives.WriteUInt16BigEndian(body, 0);
            BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)attributesLength);
            messages.Add(MessageHeader.Frame(BgpMessageType.Update, body[..at]));
        }

        return messages;
    }

    /// <summary>UPDATEs withdrawing <paramref name="prefixes"/> of one family.</summary>
    public static List<byte[]> Withdraw(BgpFamily family, IReadOnlyList<BgpPrefix> prefixes)
    {
        var messages = new List<byte[]>();
        var body = new byte[MaxBody];
        var index = 0;
        while (index < prefixes.Count)
        {
            int at;
            if (family == BgpFamily.IPv4Unicast)
            {
                at = 2;
                while (index < prefixes.Count && at + 1 + prefixes[index].ByteCount <= MaxBody - 2)
                {
                    at += prefixes[index++].WriteNlri(body.AsSpan(at));
                }

                BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(at - 2));
                BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(at), 0);
                at += 2;
            }
            else
            {
                at = 4 + 4 + 3;
                while (index < prefixes.Count && at + 1 + prefixes[index].ByteCount <= MaxBody)
                {
                    at += prefixes[index++].WriteNlri(body.AsSpan(at));
                }

                WriteMpUnreachHeader(body, at);
            }

            messages.Add(MessageHeader.Frame(BgpMessageType.Update, body.AsSpan(0, at)));
        }

        return messages;
    }

    /// <summary>The End-of-RIB marker for a family (RFC 4724 §2).</summary>
    public static byte[] EndOfRib(BgpFamily family)
    {
        if (family == BgpFamily.IPv4Unicast)
        {
            return MessageHeader.Frame(BgpMessageType.Update, [0, 0, 0, 0]);
        }

        var body = new byte[11];
        WriteMpUnreachHeader(body, body.Length);
        return MessageHeader.Frame(BgpMessageType.Update, body);
    }

    private static void WriteMpUnreachHeader(Span<byte> body, int end)
    {
        BinaryPrimitives.WriteUInt16BigEndian(body, 0);
        BinaryPrimitives.WriteUInt16BigEndian(body[2..], (ushort)(end - 4));
        body[4] = AttributeType.FlagOptional | AttributeType.FlagExtendedLength;
        body[5] = AttributeType.MpUnreach;
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], (ushort)(end - 8));
        BinaryPrimitives.WriteUInt16BigEndian(body[8..], BgpFamilies.AfiIPv6);
        body[10] = BgpFamilies.SafiUnicast;
    }

    /// <summary>Writes every attribute except MP_REACH_NLRI; returns the octets written.</summary>
    internal static int WriteAttributes(PathAttributes a, BgpFamily family, bool fourOctet, byte[] buffer, int start)
    {
        var writer = new AttributeWriter(buffer, start);
        writer.Begin(AttributeType.FlagTransitive, AttributeType.Origin).Byte((byte)a.Origin).End();
        var pathLength = AsPathCodec.EncodedLength(a.AsPath, fourOctet);
        writer.Begin(AttributeType.FlagTransitive, AttributeType.AsPath, pathLength > 255);
        writer.Advance(AsPathCodec.Write(a.AsPath, fourOctet, writer.Remaining)).End();
        if (family == BgpFamily.IPv4Unicast && a.NextHop is { } hop)
        {
            writer.Begin(AttributeType.FlagTransitive, AttributeType.NextHop);
            hop.TryWriteBytes(writer.Remaining, out _);
            writer.Advance(4).End();
        }

        if (a.Med is { } med)
        {
            writer.Begin(AttributeType.FlagOptional, AttributeType.Med).UInt(med).End();
        }

        if (a.LocalPref is { } localPref)
        {
            writer.Begin(AttributeType.FlagTransitive, AttributeType.LocalPref).UInt(localPref).End();
        }

        if (a.AtomicAggregate)
        {
            writer.Begin(AttributeType.FlagTransitive, AttributeType.AtomicAggregate).End();
        }

        if (a.Aggregator is { } aggregator)
        {
            writer.Begin(AttributeType.FlagOptional | AttributeType.FlagTransitive, AttributeType.Aggregator);
            if (fourOctet)
            {
                writer.UInt(aggregator.As);
            }
            else
            {
                writer.UShort(aggregator.As > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)aggregator.As);
            }

            writer.UInt(aggregator.Address).End();
        }

        if (a.Communities.Length > 0)
        {
            writer.Begin(AttributeType.FlagOptional | AttributeType.FlagTransitive, AttributeType.Communities, a.Communities.Length * 4 > 255);
            foreach (var community in a.Communities)
            {
                writer.UInt(community);
            }

            writer.End();
        }

        if (a.OriginatorId is { } originator)
        {
            writer.Begin(AttributeType.FlagOptional, AttributeType.OriginatorId).UInt(originator).End();
        }

        if (a.ClusterList.Length > 0)
        {
            writer.Begin(AttributeType.FlagOptional, AttributeType.ClusterList, a.ClusterList.Length * 4 > 255);
            foreach (var id in a.ClusterList)
            {
                writer.UInt(id);
            }

            writer.End();
        }

        if (!fourOctet && AsPathCodec.NeedsAs4(a.AsPath))
        {
            writer.Begin(AttributeType.FlagOptional | AttributeType.FlagTransitive, AttributeType.As4Path, AsPathCodec.EncodedLength(a.AsPath, true) > 255);
            writer.Advance(AsPathCodec.Write(a.AsPath, true, writer.Remaining)).End();
        }

        if (a.LargeCommunities.Length > 0)
        {
            writer.Begin(AttributeType.FlagOptional | AttributeType.FlagTransitive, AttributeType.LargeCommunities, a.LargeCommunities.Length * 12 > 255);
            foreach (var large in a.LargeCommunities)
            {
                writer.UInt(large.Global).UInt(large.Local1).UInt(large.Local2);
            }

            writer.End();
        }

        foreach (var raw in a.Unknown)
        {
            writer.Begin((byte)(raw.Flags & ~AttributeType.FlagExtendedLength), raw.Type, raw.Value.Length > 255);
            raw.Value.CopyTo(writer.Remaining);
            writer.Advance(raw.Value.Length).End();
        }

        return writer.Position;
    }
}
