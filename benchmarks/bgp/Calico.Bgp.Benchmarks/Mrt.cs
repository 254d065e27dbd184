using System.Buffers.Binary;
using System.Net;

namespace Calico.Bgp.Benchmarks;

/// <summary>Writes an MRT TABLE_DUMP_V2 file (RFC 6396) so gobgp can inject a large table in one call.</summary>
internal static class Mrt
{
    public static void Write(string path, IReadOnlyList<IPNetwork> prefixes, IPAddress nextHop, uint peerAs)
    {
        using var file = File.Create(path);
        Record(file, 1, [.. Bytes(0x0A630002), 0, 0, 0, 1, 0x02, .. Bytes(0x0A630002), .. nextHop.GetAddressBytes(), .. Bytes(peerAs)]);
        byte[] attributes = [0x40, 1, 1, 0, 0x40, 2, 0, 0x40, 3, 4, .. nextHop.GetAddressBytes(), 0x40, 5, 4, 0, 0, 0, 100];
        for (var i = 0; i < prefixes.Count; i++)
        {
            var prefix = prefixes[i];
            var address = prefix.BaseAddress.GetAddressBytes();
            var length = (prefix.PrefixLength + 7) / 8;
            byte[] body = [.. Bytes((uint)i), (byte)prefix.PrefixLength, .. address[..length], 0, 1, 0, 0, .. Bytes(0), (byte)(attributes.Length >> 8), (byte)attributes.Length, .. attributes];
            Record(file, 2, body);
        }
    }

    private static byte[] Bytes(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static void Record(Stream stream, ushort subtype, byte[] body)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 13);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), subtype);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), (uint)body.Length);
        stream.Write(header);
        stream.Write(body);
    }
}
