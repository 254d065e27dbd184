using Calico.Routing.Bgp.Wire;

namespace Calico.Bgp.Tests;

/// <summary>One case per NOTIFICATION code/subcode the codec and OPEN checks produce (RFC 4271 §6, RFC 5492, RFC 6793).</summary>
public sealed class NotificationTableTests
{
    public static TheoryData<string, byte[], byte, byte, byte[]?> Messages => new()
    {
        { "1/1 marker not all ones", [0xFE, .. MessageHeader.Keepalive()[1..]], 1, 1, null },
        { "1/2 length below 19", [.. MessageHeader.Keepalive()[..16], 0, 18, 4], 1, 2, [0, 18] },
        { "1/2 length above 4096", [.. MessageHeader.Keepalive()[..16], 0x10, 0x01, 4], 1, 2, [0x10, 0x01] },
        { "1/2 KEEPALIVE with a body", MessageHeader.Frame(BgpMessageType.Keepalive, [0]), 1, 2, [0, 20] },
        { "1/2 OPEN shorter than 29", MessageHeader.Frame(BgpMessageType.Open, [4, 0, 1, 0, 90]), 1, 2, [0, 24] },
        { "1/2 ROUTE-REFRESH of 5 octets", MessageHeader.Frame(BgpMessageType.RouteRefresh, [0, 1, 0, 1, 0]), 1, 2, [0, 24] },
        { "1/3 unknown type 9", MessageHeader.Frame((BgpMessageType)9, []), 1, 3, [9] },
        { "2/1 version 3", [.. Wire.Open().Encode()[..19], 3, .. Wire.Open().Encode()[20..]], 2, 1, [0, 4] },
        { "2/4 optional parameter type 1", MessageHeader.Frame(BgpMessageType.Open, [4, 0xFD, 0xE9, 0, 90, 10, 0, 0, 2, 3, 1, 1, 0]), 2, 4, [1, 1, 0] },
        { "2/0 optional parameters length wrong", MessageHeader.Frame(BgpMessageType.Open, [4, 0xFD, 0xE9, 0, 90, 10, 0, 0, 2, 9, 2, 0]), 2, 0, null },
        { "2/0 capability overrun", MessageHeader.Frame(BgpMessageType.Open, [4, 0xFD, 0xE9, 0, 90, 10, 0, 0, 2, 4, 2, 2, 65, 4]), 2, 0, null },
        { "3/1 withdrawn length overruns", MessageHeader.Frame(BgpMessageType.Update, [0, 40, 0, 0]), 3, 1, null },
        { "3/1 attribute length overruns", MessageHeader.Frame(BgpMessageType.Update, [0, 0, 0, 40]), 3, 1, null },
        { "3/1 MP_REACH_NLRI twice", Wire.Update([.. Wire.Mandatory(), .. Wire.MpReachV6(), .. Wire.MpReachV6()], []), 3, 1, null },
        { "3/1 attribute overrun after MP_UNREACH", Wire.Update([.. Wire.Attr(0x80, 15, 0, 2, 1), 0x40, 1, 9, 0], []), 3, 1, null },
        { "3/2 unrecognised well-known attribute", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x40, 99, 1)]), 3, 2, [0x40, 99, 1, 1] },
        { "3/4 MP_REACH_NLRI flagged transitive", Wire.Update([.. Wire.Mandatory(), 0xC0, 14, .. Wire.MpReachV6()[2..]], []), 3, 4, null },
        { "3/9 MP_REACH_NLRI too short", Wire.Update([.. Wire.Mandatory(), .. Wire.Attr(0x80, 14, 0, 2, 1)], []), 3, 9, [0x80, 14, 3, 0, 2, 1] },
        { "3/9 MP_REACH_NLRI next hop length 15", Wire.Update([.. Wire.Mandatory(), .. Wire.MpReachV6(15)], []), 3, 9, null },
        { "3/9 MP_REACH_NLRI prefix /129", Wire.Update([.. Wire.Mandatory(), .. Wire.MpReachV6(16, [129, 0xfd])], []), 3, 9, null },
        { "3/9 MP_UNREACH_NLRI too short", Wire.Update([.. Wire.Attr(0x80, 15, 0, 2)], []), 3, 9, null },
        { "3/10 NLRI prefix /33", Wire.Update(Wire.Mandatory(), [33, 10, 0, 0, 0, 0]), 3, 10, null },
        { "3/10 NLRI truncated", Wire.Update(Wire.Mandatory(), [24, 10, 1]), 3, 10, null },
        { "3/10 withdrawn prefix /40", Wire.Update([], [], [40, 1, 2, 3, 4, 5]), 3, 10, null },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Malformed_message_raises_the_rfc_notification(string name, byte[] message, byte code, byte subcode, byte[]? data)
    {
        var error = Assert.Throws<BgpProtocolException>(() => Wire.Decode(message));
        Assert.True(code == error.Code && subcode == error.Subcode, $"{name}: got {error.Code}/{error.Subcode} {error.Message}");
        if (data is not null)
        {
            Assert.Equal(data, error.NotificationData);
        }
    }

    private static readonly Dictionary<string, OpenMessage> OpenCases = new()
    {
        ["2/2 bad peer AS"] = Wire.Open(asn: 65002),
        ["2/2 4-octet AS capability of zero"] = Wire.Open() with { FourOctetAs = 0 },
        ["2/2 AS_TRANS in the capability"] = Wire.Open() with { MyAs = 65001, FourOctetAs = OpenMessage.AsTrans },
        ["2/3 BGP identifier zero"] = Wire.Open(id: 0),
        ["2/6 hold time 1"] = Wire.Open(hold: 1),
        ["2/6 hold time 2"] = Wire.Open(hold: 2),
        ["2/7 no common family"] = Wire.Open() with { Families = [BgpFamily.IPv6Unicast] },
    };

    public static TheoryData<string> Opens => new(OpenCases.Keys);

    [Theory]
    [MemberData(nameof(Opens))]
    public void Unacceptable_open_raises_the_rfc_notification(string name)
    {
        var received = OpenCases[name];
        var code = byte.Parse(name[..1], System.Globalization.CultureInfo.InvariantCulture);
        var subcode = byte.Parse(name[2..3], System.Globalization.CultureInfo.InvariantCulture);
        var sent = Wire.Open(asn: 64512, id: 0x0A000001) with { Families = [BgpFamily.IPv4Unicast] };
        var decoded = (OpenMessage)Wire.Decode(received.Encode())!;
        var error = Assert.Throws<BgpProtocolException>(() => OpenValidator.Validate(decoded, sent, 65001));
        Assert.True(code == error.Code && subcode == error.Subcode, $"{name}: got {error.Code}/{error.Subcode} {error.Message}");
    }

    [Fact]
    public void Identical_identifier_is_refused_on_internal_sessions_only()
    {
        var sent = Wire.Open(asn: 64512, id: 0x0A000001);
        var same = Wire.Open(asn: 64512, id: 0x0A000001);
        var error = Assert.Throws<BgpProtocolException>(() => OpenValidator.Validate(same, sent, 64512));
        Assert.Equal((2, 3), (error.Code, error.Subcode));
        var external = OpenValidator.Validate(Wire.Open(asn: 65001, id: 0x0A000001), sent, 65001);
        Assert.Equal(65001u, external.PeerAs);
    }

    [Fact]
    public void Open_negotiates_the_smaller_hold_time_and_common_families()
    {
        var sent = Wire.Open(asn: 4200000000, hold: 9, id: 1);
        var negotiated = OpenValidator.Validate(Wire.Open(hold: 240) with { Families = [BgpFamily.IPv6Unicast] }, sent, 65001);
        Assert.Equal(9, negotiated.HoldTime);
        Assert.Equal([BgpFamily.IPv6Unicast], negotiated.Families);
        Assert.True(negotiated.FourOctetAs);
    }
}
