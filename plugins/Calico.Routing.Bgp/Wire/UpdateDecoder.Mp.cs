using System.Buffers.Binary;
using System.Net;

namespace Calico.Routing.Bgp.Wire;

/// <summary>MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760) and the final assembly of a decoded UPDATE.</summary>
internal static partial class UpdateDecoder
{
    private static void ReadMpReach(ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, ref DecodeState state)
    {
        state.SawMp = true;
        if (value.Length < 5 || 5 + value[3] > value.Length)
        {
            throw OptionalError("MP_REACH_NLRI: " + (value.Length < 5 ? "length " + value.Length + " is too short" : "next hop length " + value[3] + " overruns the attribute"), whole);
        }

        var afi = BinaryPrimitives.ReadUInt16BigEndian(value);
        if (!BgpFamilies.TryFromWire(afi, value[2], out var family) || !Negotiated(family, state.Context))
        {
            state.Update.Problems.Add("MP_REACH_NLRI for AFI " + afi + " SAFI " + value[2] + " (not negotiated) ignored");
            return;
        }

        var hopLength = value[3];
        var hop = value.Slice(4, hopLength);
        var valid = family == BgpFamily.IPv4Unicast ? hopLength == 4 : hopLength is 16 or 32;
        if (!valid)
        {
            // RFC 7606 §7.11: with the next hop length wrong the NLRI cannot be located reliably.
            throw OptionalError("MP_REACH_NLRI: next hop length " + hopLength + " is wrong for " + family, whole);
        }

        if (!NlriCodec.TryRead(value[(5 + hopLength)..], family, state.MpAnnounced, out var error))
        {
            throw OptionalError("MP_REACH_NLRI: " + error, whole);
        }

        state.MpFamily = family;
        state.MpNextHop = new IPAddress(hop[..(family == BgpFamily.IPv4Unicast ? 4 : 16)]);
        if (hopLength == 32)
        {
            state.MpLinkLocal = new IPAddress(hop[16..]);
        }

        if (state.MpNextHop.IsIPv6Multicast || state.MpNextHop.Equals(IPAddress.IPv6Any) || state.MpNextHop.Equals(IPAddress.IPv6Loopback)
            || (family == BgpFamily.IPv4Unicast && !IsUsableNextHop(state.MpNextHop, state.Context)) || state.MpNextHop.Equals(state.Context.LocalAddress))
        {
            state.Update.Raise(UpdateErrorAction.TreatAsWithdraw, "MP_REACH_NLRI: next hop " + state.MpNextHop + " is not valid");
        }
    }

    private static void ReadMpUnreach(ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole, ref DecodeState state)
    {
        state.SawMp = true;
        if (value.Length < 3)
        {
            throw OptionalError("MP_UNREACH_NLRI: length " + value.Length + " is too short", whole);
        }

        var afi = BinaryPrimitives.ReadUInt16BigEndian(value);
        if (!BgpFamilies.TryFromWire(afi, value[2], out var family) || !Negotiated(family, state.Context))
        {
            state.Update.Problems.Add("MP_UNREACH_NLRI for AFI " + afi + " SAFI " + value[2] + " (not negotiated) ignored");
            return;
        }

        var before = state.Update.Withdrawn.Count;
        if (!NlriCodec.TryRead(value[3..], family, state.Update.Withdrawn, out var error))
        {
            throw OptionalError("MP_UNREACH_NLRI: " + error, whole);
        }

        state.MpUnreachFamily = family;
        state.MpUnreachCount = state.Update.Withdrawn.Count - before;
    }

    private static void Finish(ref DecodeState state, List<BgpPrefix> ipv4Announced, int attributesLength)
    {
        var update = state.Update;
        if (attributesLength == 0 && ipv4Announced.Count == 0 && update.Withdrawn.Count == 0)
        {
            update.EndOfRib = BgpFamily.IPv4Unicast;
            return;
        }

        if (state.MpUnreachFamily is { } eorFamily && state.MpUnreachCount == 0 && update.Withdrawn.Count == 0 && ipv4Announced.Count == 0 && state.MpAnnounced.Count == 0 && !state.HasOrigin)
        {
            update.EndOfRib = eorFamily;
            return;
        }

        if (state.As4Path is { } as4Path && state.HasAsPath)
        {
            var merged = AsPathCodec.MergeAs4(state.Attributes.AsPath, as4Path);
            if (state.Context.External && (merged.Length == 0 || merged[0].Type != AsPathSegment.Sequence || merged[0].Asns[0] != state.Context.PeerAs))
            {
                update.Raise(UpdateErrorAction.AttributeDiscard, "AS4_PATH: inconsistent with AS_PATH from peer AS " + state.Context.PeerAs);
            }
            else
            {
                state.Attributes = state.Attributes with { AsPath = merged };
            }
        }

        var attributes = state.Unknown.Count == 0 ? state.Attributes : state.Attributes with { Unknown = [.. state.Unknown] };
        if (ipv4Announced.Count > 0 && state.Context.IPv4)
        {
            update.Announced.AddRange(ipv4Announced);
            update.IPv4Attributes = attributes;
            if (!state.HasNextHop)
            {
                update.Raise(UpdateErrorAction.TreatAsWithdraw, "NEXT_HOP missing (well-known mandatory attribute)");
            }
        }

        if (state.MpAnnounced.Count > 0)
        {
            update.Announced.AddRange(state.MpAnnounced);
            var mp = attributes with { NextHop = state.MpNextHop, NextHopLinkLocal = state.MpLinkLocal };
            if (state.MpFamily == BgpFamily.IPv6Unicast)
            {
                update.IPv6Attributes = mp;
            }
            else
            {
                update.IPv4Attributes ??= mp;
            }
        }

        if (update.Announced.Count > 0 && (!state.HasOrigin || !state.HasAsPath))
        {
            update.Raise(UpdateErrorAction.TreatAsWithdraw, (state.HasOrigin ? "AS_PATH" : "ORIGIN") + " missing (well-known mandatory attribute)");
        }
    }

    private static bool Negotiated(BgpFamily family, UpdateContext context) =>
        family == BgpFamily.IPv4Unicast ? context.IPv4 : context.IPv6;

    private static BgpProtocolException OptionalError(string detail, ReadOnlySpan<byte> whole) =>
        new(BgpError.UpdateMessage, BgpError.OptionalAttributeError, detail, whole.ToArray());
}
