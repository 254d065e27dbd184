using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>Graceful-restart capability contents (RFC 4724 §3).</summary>
/// <param name="RestartTime">Seconds the peer asks us to keep its routes after it restarts (0..4095).</param>
/// <param name="Restarting">The R bit: the sender has just restarted.</param>
/// <param name="Families">Families with their "forwarding state preserved" flag.</param>
internal sealed record GracefulRestartCapability(int RestartTime, bool Restarting, IReadOnlyList<(BgpFamily Family, bool ForwardingPreserved)> Families);

/// <summary>An OPEN message (RFC 4271 §4.2) with the capabilities this speaker understands (RFC 5492).</summary>
internal sealed record OpenMessage
{
    public const ushort AsTrans = 23456;

    public byte Version { get; init; } = 4;

    /// <summary>The 2-octet My Autonomous System field (AS_TRANS when the real AS needs four octets).</summary>
    public ushort MyAs { get; init; }

    public ushort HoldTime { get; init; }

    public uint BgpIdentifier { get; init; }

    /// <summary>The 4-octet AS from the capability (RFC 6793), if advertised.</summary>
    public uint? FourOctetAs { get; init; }

    /// <summary>Families from multiprotocol capabilities; empty means none was sent (IPv4 unicast implied).</summary>
    public IReadOnlyList<BgpFamily> Families { get; init; } = [];

    public bool RouteRefresh { get; init; }

    public GracefulRestartCapability? GracefulRestart { get; init; }

    /// <summary>The sender's AS: the capability's value when present, else My AS.</summary>
    public uint PeerAs => FourOctetAs ?? MyAs;

    /// <summary>The families the sender can carry (IPv4 unicast when it sent no multiprotocol capability).</summary>
    public IReadOnlyList<BgpFamily> EffectiveFamilies => Families.Count == 0 ? [BgpFamily.IPv4Unicast] : Families;

    public byte[] Encode()
    {
        var caps = new List<byte>();
        foreach (var family in Families)
        {
            caps.AddRange([1, 4, 0, (byte)family.Afi(), 0, BgpFamilies.SafiUnicast]);
        }

        if (RouteRefresh)
        {
            caps.AddRange([2, 0]);
        }

        if (GracefulRestart is { } gr)
        {
            caps.AddRange([64, (byte)(2 + (4 * gr.Families.Count))]);
            var head = (ushort)((gr.Restarting ? 0x8000 : 0) | (gr.RestartTime & 0x0FFF));
            caps.AddRange([(byte)(head >> 8), (byte)head]);
            foreach (var (family, preserved) in gr.Families)
            {
                caps.AddRange([0, (byte)family.Afi(), BgpFamilies.SafiUnicast, (byte)(preserved ? 0x80 : 0)]);
            }
        }

        if (FourOctetAs is { } asn)
        {
            caps.AddRange([65, 4, (byte)(asn >> 24), (byte)(asn >> 16), (byte)(asn >> 8), (byte)asn]);
        }

        var body = new byte[10 + 2 + caps.Count];
        body[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(1), MyAs);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(3), HoldTime);
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(5), BgpIdentifier);
        body[9] = (byte)(2 + caps.Count);
        body[10] = 2;
        body[11] = (byte)caps.Count;
        caps.CopyTo(body, 12);
        return MessageHeader.Frame(BgpMessageType.Open, body);
    }

    /// <summary>Decodes an OPEN body (after the header). Structural errors raise the RFC 4271 §6.2 NOTIFICATION.</summary>
    public static OpenMessage Decode(ReadOnlySpan<byte> body)
    {
        var version = body[0];
        if (version != 4)
        {
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.UnsupportedVersionNumber, "version " + version + " (only 4 is supported)", [0, 4]);
        }

        var open = new OpenMessage
        {
            MyAs = BinaryPrimitives.ReadUInt16BigEndian(body[1..]),
            HoldTime = BinaryPrimitives.ReadUInt16BigEndian(body[3..]),
            BgpIdentifier = BinaryPrimitives.ReadUInt32BigEndian(body[5..]),
        };
        var optLength = body[9];
        if (10 + optLength != body.Length)
        {
            throw new BgpProtocolException(BgpError.OpenMessage, 0, "optional parameters length " + optLength + " does not match the message (" + (body.Length - 10) + " octets follow)");
        }

        var families = new List<BgpFamily>();
        var parameters = body[10..];
        while (parameters.Length > 0)
        {
            if (parameters.Length < 2 || parameters[1] + 2 > parameters.Length)
            {
                throw new BgpProtocolException(BgpError.OpenMessage, 0, "optional parameter overruns the parameters field");
            }

            var type = parameters[0];
            var value = parameters.Slice(2, parameters[1]);
            if (type != 2)
            {
                throw new BgpProtocolException(BgpError.OpenMessage, BgpError.UnsupportedOptionalParameter, "optional parameter type " + type, parameters[..(2 + value.Length)].ToArray());
            }

            open = DecodeCapabilities(open, value, families);
            parameters = parameters[(2 + value.Length)..];
        }

        return open with { Families = families };
    }

    private static OpenMessage DecodeCapabilities(OpenMessage open, ReadOnlySpan<byte> value, List<BgpFamily> families)
    {
        while (value.Length > 0)
        {
            if (value.Length < 2 || value[1] + 2 > value.Length)
            {
                throw new BgpProtocolException(BgpError.OpenMessage, 0, "capability overruns its optional parameter");
            }

            var code = value[0];
            var data = value.Slice(2, value[1]);
            switch (code)
            {
                case 1:
                    Expect(data.Length == 4, "multiprotocol capability length " + data.Length);
                    if (BgpFamilies.TryFromWire(BinaryPrimitives.ReadUInt16BigEndian(data), data[3], out var family) && !families.Contains(family))
                    {
                        families.Add(family);
                    }

                    break;
                case 2:
                    open = open with { RouteRefresh = true };
                    break;
                case 64:
                    Expect(data.Length >= 2 && (data.Length - 2) % 4 == 0, "graceful restart capability length " + data.Length);
                    var head = BinaryPrimitives.ReadUInt16BigEndian(data);
                    var grFamilies = new List<(BgpFamily, bool)>();
                    for (var i = 2; i < data.Length; i += 4)
                    {
                        if (BgpFamilies.TryFromWire(BinaryPrimitives.ReadUInt16BigEndian(data[i..]), data[i + 2], out var f))
                        {
                            grFamilies.Add((f, (data[i + 3] & 0x80) != 0));
                        }
                    }

                    open = open with { GracefulRestart = new GracefulRestartCapability(head & 0x0FFF, (head & 0x8000) != 0, grFamilies) };
                    break;
                case 65:
                    Expect(data.Length == 4, "4-octet AS capability length " + data.Length);
                    open = open with { FourOctetAs = BinaryPrimitives.ReadUInt32BigEndian(data) };
                    break;
                default:
                    break; // RFC 5492: an unrecognised capability is ignored
            }

            value = value[(2 + data.Length)..];
        }

        return open;
    }

    private static void Expect(bool condition, string detail)
    {
        if (!condition)
        {
            throw new BgpProtocolException(BgpError.OpenMessage, 0, detail);
        }
    }
}
