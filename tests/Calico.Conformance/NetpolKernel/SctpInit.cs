using System.Buffers.Binary;
using System.Net;

namespace Calico.Conformance.NetpolKernel;

/// <summary>
/// A raw SCTP INIT packet (RFC 9260 §3.3.2): what an SCTP client's first packet looks like. The kernel here has
/// no SCTP sockets, but netfilter matches and tracks SCTP, so probes send this over a raw socket and the server side
/// watches for it on another raw socket.
/// </summary>
internal static class SctpInit
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Builds an INIT with verification tag 0 and a valid CRC32c.</summary>
    public static byte[] Build(ushort sourcePort, ushort destinationPort, uint initiateTag)
    {
        var packet = new byte[32];
        var span = packet.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], destinationPort);
        // [4..8) verification tag 0 (required for INIT), [8..12) checksum, filled last.
        span[12] = 1; // chunk type INIT
        span[13] = 0; // flags
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], 20); // chunk length
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], 65535); // a_rwnd
        BinaryPrimitives.WriteUInt16BigEndian(span[24..], 1); // outbound streams
        BinaryPrimitives.WriteUInt16BigEndian(span[26..], 1); // inbound streams
        BinaryPrimitives.WriteUInt32BigEndian(span[28..], initiateTag ^ 0x5a5a5a5a); // initial TSN
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Crc32C(packet)); // SCTP stores the CRC32c little-endian
        return packet;
    }

    /// <summary>Parses an IPv4 packet read from a raw socket: the source, ports and tag of an INIT, or null.</summary>
    public static (IPAddress Source, ushort SourcePort, ushort DestinationPort, uint InitiateTag)? Parse(ReadOnlySpan<byte> ipPacket)
    {
        if (ipPacket.Length < 20 || ipPacket[0] >> 4 != 4)
        {
            return null;
        }

        var headerLength = (ipPacket[0] & 0xf) * 4;
        if (ipPacket.Length < headerLength + 20 || ipPacket[9] != 132)
        {
            return null;
        }

        var sctp = ipPacket[headerLength..];
        if (sctp[12] != 1)
        {
            return null;
        }

        return (new IPAddress(ipPacket[12..16]),
            BinaryPrimitives.ReadUInt16BigEndian(sctp),
            BinaryPrimitives.ReadUInt16BigEndian(sctp[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(sctp[16..]));
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78).</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
