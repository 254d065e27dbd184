using System.Buffers.Binary;

namespace Calico.Routing.Bgp.Wire;

/// <summary>
/// Decodes UPDATE bodies with RFC 4271 §6.3 checks as revised by RFC 7606: structural errors that make the NLRI
/// impossible to locate reset the session (<see cref="BgpProtocolException"/>); a malformed attribute leads to
/// treat-as-withdraw or attribute discard, recorded on the result.
/// </summary>
internal static partial class UpdateDecoder
{
    public static UpdateMessage Decode(ReadOnlySpan<byte> body, UpdateContext context)
    {
        var update = new UpdateMessage();
        var withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (2 + withdrawnLength + 2 > body.Length)
        {
            throw Malformed("withdrawn routes length " + withdrawnLength + " overruns the message");
        }

        var attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + withdrawnLength)..]);
        var attributesStart = 4 + withdrawnLength;
        if (attributesStart + attributesLength > body.Length)
        {
            throw Malformed("total path attribute length " + attributesLength + " overruns the message");
        }

        if (!NlriCodec.TryRead(body.Slice(2, withdrawnLength), BgpFamily.IPv4Unicast, update.Withdrawn, out var error))
        {
            throw new BgpProtocolException(BgpError.UpdateMessage, BgpError.InvalidNetworkField, "withdrawn routes: " + error);
        }

        var nlri = body[(attributesStart + attributesLength)..];
        var ipv4Announced = new List<BgpPrefix>();
        if (!NlriCodec.TryRead(nlri, BgpFamily.IPv4Unicast, ipv4Announced, out error))
        {
            throw new BgpProtocolException(BgpError.UpdateMessage, BgpError.InvalidNetworkField, "NLRI: " + error);
        }

        var state = new DecodeState(context, update);
        ReadAttributes(body.Slice(attributesStart, attributesLength), ref state);
        Finish(ref state, ipv4Announced, attributesLength);
        update.ApplyErrorAction();
        return update;
    }

    private static void ReadAttributes(ReadOnlySpan<byte> attributes, ref DecodeState state)
    {
        Span<bool> seen = stackalloc bool[256];
        while (attributes.Length > 0)
        {
            var flags = attributes[0];
            var type = attributes.Length > 1 ? attributes[1] : (byte)0;
            var extended = (flags & AttributeType.FlagExtendedLength) != 0;
            var headerLength = extended ? 4 : 3;
            int length = attributes.Length < headerLength ? 0 : extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
            if (attributes.Length < headerLength || headerLength + length > attributes.Length)
            {
                // RFC 7606 §4: the attribute list does not add up to the Total Path Attribute Length. The IPv4 NLRI
                // is still located by that length, so treat-as-withdraw, unless an MP attribute was present (its
                // routes could then be mis-parsed): session reset.
                var detail = attributes.Length < headerLength
                    ? "path attribute header truncated (" + attributes.Length + " octets left)"
                    : AttributeType.Name(type) + ": length " + length + " overruns the path attributes (" + (attributes.Length - headerLength) + " octets left)";
                if (state.SawMp)
                {
                    throw Malformed(detail);
                }

                state.Update.Raise(UpdateErrorAction.TreatAsWithdraw, detail);
                return;
            }

            var whole = attributes[..(headerLength + length)];
            var value = whole[headerLength..];
            attributes = attributes[whole.Length..];
            if (seen[type])
            {
                if (type is AttributeType.MpReach or AttributeType.MpUnreach)
                {
                    throw Malformed(AttributeType.Name(type) + " appears more than once");
                }

                state.Update.Problems.Add(AttributeType.Name(type) + " repeated: later copy ignored (RFC 7606 §3.g)");
                continue;
            }

            seen[type] = true;
            ReadAttribute(flags, type, value, whole, ref state);
        }
    }

    private static void ReadAttribute(byte flags, byte type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, ref DecodeState state)
    {
        var expected = AttributeType.ExpectedFlags(type);
        if (expected is null)
        {
            if ((flags & AttributeType.FlagOptional) == 0)
            {
                throw new BgpProtocolException(BgpError.UpdateMessage, BgpError.UnrecognizedWellKnownAttribute, "well-known attribute type " + type + " is not recognised", whole.ToArray());
            }

            if ((flags & AttributeType.FlagTransitive) != 0)
            {
                state.Unknown.Add(new RawAttribute((byte)(flags | AttributeType.FlagPartial), type, value.ToArray()));
            }

            return;
        }

        var actual = (byte)(flags & (AttributeType.FlagOptional | AttributeType.FlagTransitive));
        var partialWrong = (flags & AttributeType.FlagPartial) != 0 && (expected & AttributeType.FlagTransitive) != 0 && (expected & AttributeType.FlagOptional) == 0;
        if (actual != expected || partialWrong)
        {
            // RFC 7606 §3.c: a flags error is handled like a malformed attribute of that type.
            if (type is AttributeType.MpReach or AttributeType.MpUnreach)
            {
                throw new BgpProtocolException(BgpError.UpdateMessage, BgpError.AttributeFlagsError, AttributeType.Name(type) + " flags 0x" + flags.ToString("x2", System.Globalization.CultureInfo.InvariantCulture), whole.ToArray());
            }

            state.Update.Raise(FailureAction(type), AttributeType.Name(type) + ": flags 0x" + flags.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + " (attribute flags error)");
            return;
        }

        ParseKnown(type, value, whole, ref state);
    }

    /// <summary>The RFC 7606 §7 action for a malformed attribute of each type.</summary>
    internal static UpdateErrorAction FailureAction(byte type) => type switch
    {
        AttributeType.AtomicAggregate or AttributeType.Aggregator or AttributeType.As4Path or AttributeType.As4Aggregator => UpdateErrorAction.AttributeDiscard,
        _ => UpdateErrorAction.TreatAsWithdraw,
    };

    private static BgpProtocolException Malformed(string detail) =>
        new(BgpError.UpdateMessage, BgpError.MalformedAttributeList, detail);
}
