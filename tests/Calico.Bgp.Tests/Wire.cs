using System.Buffers.Binary;
using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

/// <summary>Builds raw messages for codec tests.</summary>
internal static class Wire
{
    public static readonly UpdateContext Ebgp = new(FourOctetAs: true, External: true, PeerAs: 65001);
    public static readonly UpdateContext Ibgp = new(FourOctetAs: true, External: false, PeerAs: 64512);

    public static byte[] Attr(byte flags, byte type, params byte[] value) =>
        [flags, type, (byte)value.Length, .. value];

    public static byte[] Origin(byte value = 0) => Attr(0x40, 1, value);

    public static byte[] AsPath(params uint[] asns)
    {
        var value = new byte[2 + (4 * asns.Length)];
        value[0] = 2;
        value[1] = (byte)asns.Length;
        for (var i = 0; i < asns.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(2 + (4 * i)), asns[i]);
        }

        return Attr(0x40, 2, value);
    }

    public static byte[] NextHop(byte a = 10, byte b = 0, byte c = 0, byte d = 1) => Attr(0x40, 3, a, b, c, d);

    public static byte[] Mandatory(uint peerAs = 65001) => [.. Origin(), .. AsPath(peerAs), .. NextHop()];

    /// <summary>10.1.0.0/16 and 10.2.2.0/24 as NLRI.</summary>
    public static readonly byte[] TwoPrefixes = [16, 10, 1, 24, 10, 2, 2];

    public static byte[] UpdateBody(byte[] withdrawn, byte[] attributes, byte[] nlri)
    {
        var body = new byte[4 + withdrawn.Length + attributes.Length + nlri.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)withdrawn.Length);
        withdrawn.CopyTo(body, 2);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2 + withdrawn.Length), (ushort)attributes.Length);
        attributes.CopyTo(body, 4 + withdrawn.Length);
        nlri.CopyTo(body, 4 + withdrawn.Length + attributes.Length);
        return body;
    }

    public static byte[] Update(byte[] attributes, byte[]? nlri = null, byte[]? withdrawn = null) =>
        MessageHeader.Frame(BgpMessageType.Update, UpdateBody(withdrawn ?? [], attributes, nlri ?? TwoPrefixes));

    public static byte[] MpReachV6(byte hopLength = 16, byte[]? nlri = null)
    {
        byte[] hop = [.. new byte[] { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, .. new byte[hopLength > 16 ? hopLength - 16 : 0]];
        byte[] value = [0, 2, 1, hopLength, .. hop[..hopLength], 0, .. nlri ?? [64, 0xfd, 0, 0, 0, 0, 0, 0, 1]];
        return Attr(0x80, 14, value);
    }

    public static object? Decode(byte[] message, UpdateContext? context = null) => MessageDecoder.Decode(message, context ?? Ebgp);

    public static UpdateMessage DecodeUpdate(byte[] message, UpdateContext? context = null) => (UpdateMessage)Decode(message, context)!;

    public static OpenMessage Open(uint asn = 65001, ushort hold = 90, uint id = 0x0A000002) =>
        new() { MyAs = asn > ushort.MaxValue ? OpenMessage.AsTrans : (ushort)asn, FourOctetAs = asn, HoldTime = hold, BgpIdentifier = id, Families = [BgpFamily.IPv4Unicast, BgpFamily.IPv6Unicast], RouteRefresh = true };
}
