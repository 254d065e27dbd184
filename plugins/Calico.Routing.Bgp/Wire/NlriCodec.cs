using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>Prefix lists as in the NLRI, Withdrawn Routes and MP_(UN)REACH fields (RFC 4271 §4.3, RFC 4760 §5).</summary>
internal static class NlriCodec
{
    /// <summary>Appends the prefixes in <paramref name="field"/>; false when the field is syntactically wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> field, BgpFamily family, List<BgpPrefix> into, out string error)
    {
        var max = family.MaxPrefixLength();
        Span<byte> address = stackalloc byte[16];
        while (field.Length > 0)
        {
            var length = field[0];
            if (length > max)
            {
                error = "prefix length " + length + " exceeds " + max;
                return false;
            }

            var bytes = (length + 7) / 8;
            if (bytes + 1 > field.Length)
            {
                error = "prefix /" + length + " needs " + bytes + " octets, " + (field.Length - 1) + " left";
                return false;
            }

            address.Clear();
            field.Slice(1, bytes).CopyTo(address);
            UInt128 bits = family == BgpFamily.IPv4Unicast ? BinaryPrimitives.ReadUInt32BigEndian(address) : BinaryPrimitives.ReadUInt128BigEndian(address);
            into.Add(new BgpPrefix(family, bits, length));
            field = field[(1 + bytes)..];
        }

        error = string.Empty;
        return true;
    }
}
