using System.Buffers.Binary;
using System.Net;

namespace Calico.Routing.Bgp.Wire;

/// <summary>Per-attribute parsing with the RFC 7606 §7 actions.</summary>
internal static partial class UpdateDecoder
{
    private ref struct DecodeState(UpdateContext context, UpdateMessage update)
    {
        public UpdateContext Context = context;
        public UpdateMessage Update = update;
        public PathAttributes Attributes = PathAttributes.Empty;
        public List<RawAttribute> Unknown = [];
        public List<BgpPrefix> MpAnnounced = [];
        public IPAddress? MpNextHop;
        public IPAddress? MpLinkLocal;
        public BgpFamily? MpFamily;
        public BgpFamily? MpUnreachFamily;
        public bool SawMp;
        public bool HasOrigin;
        public bool HasAsPath;
        public bool HasNextHop;
        public int MpUnreachCount;
        public AsPathSegment[]? As4Path;
    }

    private static void ParseKnown(byte type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, ref DecodeState state)
    {
        var name = AttributeType.Name(type);
        switch (type)
        {
            case AttributeType.Origin:
                if (value.Length != 1 || value[0] > 2)
                {
                    Fail(ref state, type, value.Length != 1 ? name + ": length " + value.Length + " (must be 1)" : name + ": value " + value[0] + " is not IGP, EGP or INCOMPLETE");
                    return;
                }

                state.Attributes = state.Attributes with { Origin = (BgpOrigin)value[0] };
                state.HasOrigin = true;
                return;
            case AttributeType.AsPath:
                var path = AsPathCodec.TryRead(value, state.Context.FourOctetAs, out var pathError);
                if (path is null)
                {
                    Fail(ref state, type, name + ": " + pathError);
                    return;
                }

                if (state.Context.External && (path.Length == 0 || path[0].Type != AsPathSegment.Sequence || path[0].Asns[0] != state.Context.PeerAs || path.Any(s => s.Type is AsPathSegment.ConfedSequence or AsPathSegment.ConfedSet)))
                {
                    // RFC 4271 §6.3: from an external peer the leftmost AS must be the peer's; RFC 7606 §7.2.
                    Fail(ref state, type, name + ": from external peer AS " + state.Context.PeerAs + " the path must start with that AS");
                    return;
                }

                state.Attributes = state.Attributes with { AsPath = path };
                state.HasAsPath = true;
                return;
            case AttributeType.NextHop:
                if (value.Length != 4)
                {
                    Fail(ref state, type, name + ": length " + value.Length + " (must be 4)");
                    return;
                }

                var hop = new IPAddress(value);
                if (!IsUsableNextHop(hop, state.Context))
                {
                    Fail(ref state, type, name + ": " + hop + " is not a valid next hop");
                    return;
                }

                state.Attributes = state.Attributes with { NextHop = hop };
                state.HasNextHop = true;
                return;
            case AttributeType.Med:
                if (!Exact(ref state, type, value, 4))
                {
                    return;
                }

                state.Attributes = state.Attributes with { Med = BinaryPrimitives.ReadUInt32BigEndian(value) };
                return;
            case AttributeType.LocalPref:
                if (state.Context.External)
                {
                    state.Update.Raise(UpdateErrorAction.AttributeDiscard, name + " from an external peer");
                    return;
                }

                if (!Exact(ref state, type, value, 4))
                {
                    return;
                }

                state.Attributes = state.Attributes with { LocalPref = BinaryPrimitives.ReadUInt32BigEndian(value) };
                return;
            case AttributeType.AtomicAggregate:
                if (Exact(ref state, type, value, 0))
                {
                    state.Attributes = state.Attributes with { AtomicAggregate = true };
                }

                return;
            case AttributeType.Aggregator:
                if (!Exact(ref state, type, value, state.Context.FourOctetAs ? 8 : 6))
                {
                    return;
                }

                state.Attributes = state.Attributes with
                {
                    Aggregator = state.Context.FourOctetAs
                        ? (BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..]))
                        : (BinaryPrimitives.ReadUInt16BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[2..])),
                };
                return;
            case AttributeType.Communities:
                if (MultipleOf(ref state, type, value, 4))
                {
                    state.Attributes = state.Attributes with { Communities = ReadUInts(value) };
                }

                return;
            case AttributeType.OriginatorId:
                if (Exact(ref state, type, value, 4))
                {
                    state.Attributes = state.Attributes with { OriginatorId = BinaryPrimitives.ReadUInt32BigEndian(value) };
                }

                return;
            case AttributeType.ClusterList:
                if (MultipleOf(ref state, type, value, 4))
                {
                    state.Attributes = state.Attributes with { ClusterList = ReadUInts(value) };
                }

                return;
            case AttributeType.MpReach:
                ReadMpReach(value, whole, ref state);
                return;
            case AttributeType.MpUnreach:
                ReadMpUnreach(value, whole, ref state);
                return;
            case AttributeType.ExtendedCommunities:
                if (MultipleOf(ref state, type, value, 8))
                {
                    state.Unknown.Add(new RawAttribute(AttributeType.FlagOptional | AttributeType.FlagTransitive, type, value.ToArray()));
                }

                return;
            case AttributeType.As4Path:
            case AttributeType.As4Aggregator:
                // RFC 6793 §6: a 4-octet speaker ignores these from a 4-octet peer; a malformed one is discarded.
                if (state.Context.FourOctetAs)
                {
                    state.Update.Problems.Add(name + " from a 4-octet AS peer ignored (RFC 6793)");
                    return;
                }

                if (type == AttributeType.As4Path && AsPathCodec.TryRead(value, true, out var as4Error) is { } as4Path)
                {
                    state.As4Path = as4Path;
                }
                else if (type == AttributeType.As4Aggregator && value.Length == 8)
                {
                    state.Attributes = state.Attributes with { Aggregator = (BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..])) };
                }
                else
                {
                    state.Update.Raise(UpdateErrorAction.AttributeDiscard, name + ": malformed");
                }

                return;
            case AttributeType.LargeCommunities:
                if (MultipleOf(ref state, type, value, 12))
                {
                    var large = new LargeCommunity[value.Length / 12];
                    for (var i = 0; i < large.Length; i++)
                    {
                        var at = value[(i * 12)..];
                        large[i] = new LargeCommunity(BinaryPrimitives.ReadUInt32BigEndian(at), BinaryPrimitives.ReadUInt32BigEndian(at[4..]), BinaryPrimitives.ReadUInt32BigEndian(at[8..]));
                    }

                    state.Attributes = state.Attributes with { LargeCommunities = large };
                }

                return;
            default:
                return;
        }
    }

    private static bool IsUsableNextHop(IPAddress hop, UpdateContext context)
    {
        var bytes = hop.GetAddressBytes();
        var martian = bytes[0] == 0 || bytes[0] >= 224 || bytes[0] == 127;
        return !martian && !hop.Equals(context.LocalAddress);
    }

    private static bool Exact(ref DecodeState state, byte type, ReadOnlySpan<byte> value, int expected)
    {
        if (value.Length == expected)
        {
            return true;
        }

        Fail(ref state, type, AttributeType.Name(type) + ": length " + value.Length + " (must be " + expected + ")");
        return false;
    }

    private static bool MultipleOf(ref DecodeState state, byte type, ReadOnlySpan<byte> value, int unit)
    {
        if (value.Length > 0 && value.Length % unit == 0)
        {
            return true;
        }

        Fail(ref state, type, AttributeType.Name(type) + ": length " + value.Length + " (must be a non-zero multiple of " + unit + ")");
        return false;
    }

    private static void Fail(ref DecodeState state, byte type, string problem) => state.Update.Raise(FailureAction(type), problem);

    private static uint[] ReadUInts(ReadOnlySpan<byte> value)
    {
        var result = new uint[value.Length / 4];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadUInt32BigEndian(value[(i * 4)..]);
        }

        return result;
    }
}
