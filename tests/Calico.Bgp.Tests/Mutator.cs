using System.Buffers.Binary;

namespace Calico.Bgp.Tests;

/// <summary>Deterministic structure-aware mutations: bit flips, boundary values, splices, truncation, and (usually)
/// a repaired header length so the body parsers, not just the header check, see the damage.</summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0, 1, 2, 3, 4, 0x0F, 0x10, 0x20, 0x40, 0x7F, 0x80, 0xC0, 0xE0, 0xFE, 0xFF];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            var at = 16 + random.Next(Math.Max(1, data.Count - 16));
            at = Math.Min(at, data.Count - 1);
            switch (random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 2:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(8)));
                    break;
                case 3:
                    data.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    var from = 19 + random.Next(Math.Max(1, data.Count - 19));
                    var length = Math.Min(data.Count - Math.Min(from, data.Count), 1 + random.Next(16));
                    data.InsertRange(at, data.GetRange(Math.Min(from, data.Count), length));
                    break;
                case 5:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    data[at] = (byte)random.Next(256);
                    break;
            }
        }

        var result = data.ToArray();
        if (result.Length >= 19 && random.Next(10) < 8)
        {
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(16), (ushort)Math.Min(result.Length, ushort.MaxValue));
        }

        return result;
    }
}
