using System.Buffers.Binary;
using System.Numerics;

namespace Calico.Sdk.Linux.Workloads;

/// <summary>
/// SHA-1 (FIPS 180-4) of a short input, in managed code. Interface names need the hash of a few dozen bytes once per
/// process; <see cref="System.Security.Cryptography.SHA1"/> would load and initialise OpenSSL for it (milliseconds of
/// a CNI plugin's start-up). Not for security: the name only has to match Calico's.
/// </summary>
internal static class Sha1
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;

        // Message, 0x80, zero padding, 64-bit big-endian bit length: a multiple of 64 bytes.
        var length = ((data.Length + 8) / 64 + 1) * 64;
        var message = new byte[length];
        data.CopyTo(message);
        message[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(length - 8), (ulong)data.Length * 8);

        Span<uint> w = stackalloc uint[80];
        for (var block = 0; block < length; block += 64)
        {
            for (var t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(block + (4 * t)));
            }

            for (var t = 16; t < 80; t++)
            {
                w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (var t = 0; t < 80; t++)
            {
                var (f, k) = t switch
                {
                    < 20 => ((b & c) | (~b & d), 0x5A827999u),
                    < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                    < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                    _ => (b ^ c ^ d, 0xCA62C1D6u),
                };
                var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = temp;
            }

            h0 += a;
            h1 += b;
            h2 += c;
            h3 += d;
            h4 += e;
        }

        var digest = new byte[20];
        BinaryPrimitives.WriteUInt32BigEndian(digest, h0);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(4), h1);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(8), h2);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(12), h3);
        BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(16), h4);
        return digest;
    }
}
