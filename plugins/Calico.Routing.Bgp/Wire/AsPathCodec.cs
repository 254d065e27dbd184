using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>AS_PATH / AS4_PATH segments with 2- or 4-octet AS numbers (RFC 4271 §4.3, RFC 6793).</summary>
internal static class AsPathCodec
{
    public static AsPathSegment[]? TryRead(ReadOnlySpan<byte> value, bool fourOctet, out string error)
    {
        var width = fourOctet ? 4 : 2;
        var segments = new List<AsPathSegment>();
        while (value.Length > 0)
        {
            if (value.Length < 2)
            {
                error = "segment header truncated";
                return null;
            }

            var type = value[0];
            var count = value[1];
            if (type is < AsPathSegment.Set or > AsPathSegment.ConfedSet)
            {
                error = "segment type " + type + " is not AS_SET, AS_SEQUENCE or a confederation segment";
                return null;
            }

            if (count == 0)
            {
                error = "zero-length segment";
                return null;
            }

            if (2 + (count * width) > value.Length)
            {
                error = "segment of " + count + " AS numbers overruns the attribute";
                return null;
            }

            var asns = new uint[count];
            for (var i = 0; i < count; i++)
            {
                var at = value[(2 + (i * width))..];
                asns[i] = fourOctet ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);
            }

            segments.Add(new AsPathSegment(type, asns));
            value = value[(2 + (count * width))..];
        }

        error = string.Empty;
        return [.. segments];
    }

    public static int EncodedLength(AsPathSegment[] path, bool fourOctet) =>
        path.Sum(s => 2 + (s.Asns.Length * (fourOctet ? 4 : 2)));

    public static int Write(AsPathSegment[] path, bool fourOctet, Span<byte> destination)
    {
        var at = 0;
        foreach (var segment in path)
        {
            destination[at++] = segment.Type;
            destination[at++] = (byte)segment.Asns.Length;
            foreach (var asn in segment.Asns)
            {
                if (fourOctet)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(destination[at..], asn);
                    at += 4;
                }
                else
                {
                    BinaryPrimitives.WriteUInt16BigEndian(destination[at..], asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn);
                    at += 2;
                }
            }
        }

        return at;
    }

    /// <summary>Rebuilds the real path from a 2-octet AS_PATH and an AS4_PATH (RFC 6793 §4.2.3).</summary>
    public static AsPathSegment[] MergeAs4(AsPathSegment[] asPath, AsPathSegment[] as4Path)
    {
        var oldCount = asPath.Sum(s => s.Type == AsPathSegment.Set ? 1 : s.Asns.Length);
        var newCount = as4Path.Sum(s => s.Type == AsPathSegment.Set ? 1 : s.Asns.Length);
        if (newCount > oldCount)
        {
            return asPath;
        }

        var keep = oldCount - newCount;
        var leading = new List<uint>();
        foreach (var segment in asPath)
        {
            foreach (var asn in segment.Asns)
            {
                if (leading.Count == keep)
                {
                    break;
                }

                leading.Add(asn);
            }
        }

        return leading.Count == 0 ? as4Path : [new AsPathSegment(AsPathSegment.Sequence, [.. leading]), .. as4Path];
    }

    /// <summary>Whether the path holds an AS number that needs four octets (so a 2-octet peer gets AS4_PATH).</summary>
    public static bool NeedsAs4(AsPathSegment[] path) => path.Any(s => s.Asns.Any(a => a > ushort.MaxValue));
}
