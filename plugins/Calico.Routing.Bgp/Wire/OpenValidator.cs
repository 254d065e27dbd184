namespace Calico.Routing.Bgp.Wire;

/// <summary>What a session agreed on after both OPENs.</summary>
/// <param name="PeerAs">The peer's AS number.</param>
/// <param name="PeerId">The peer's BGP identifier.</param>
/// <param name="HoldTime">The negotiated hold time in seconds (0 = no keepalives).</param>
/// <param name="FourOctetAs">Both sides support 4-octet AS numbers.</param>
/// <param name="Families">Families both sides carry.</param>
/// <param name="PeerGracefulRestart">The peer's graceful-restart capability, if sent.</param>
/// <param name="RouteRefresh">The peer accepts ROUTE-REFRESH.</param>
internal sealed record NegotiatedSession(uint PeerAs, uint PeerId, int HoldTime, bool FourOctetAs, IReadOnlyList<BgpFamily> Families, GracefulRestartCapability? PeerGracefulRestart, bool RouteRefresh);

/// <summary>Checks a received OPEN against the session's configuration (RFC 4271 §6.2, RFC 5492, RFC 6793).</summary>
internal static class OpenValidator
{
    /// <param name="open">The peer's OPEN.</param>
    /// <param name="sent">The OPEN this speaker sent.</param>
    /// <param name="expectedPeerAs">The configured peer AS.</param>
    public static NegotiatedSession Validate(OpenMessage open, OpenMessage sent, uint expectedPeerAs)
    {
        if (open.FourOctetAs is { } four && (four == 0 || (four == OpenMessage.AsTrans && open.MyAs != OpenMessage.AsTrans)))
        {
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.BadPeerAs, "4-octet AS capability carries " + four);
        }

        if (open.PeerAs != expectedPeerAs || (open.FourOctetAs is null && open.MyAs == 0))
        {
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.BadPeerAs, "peer AS " + open.PeerAs + ", configured " + expectedPeerAs);
        }

        if (open.HoldTime is 1 or 2)
        {
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.UnacceptableHoldTime, "hold time " + open.HoldTime + " s (must be 0 or at least 3)");
        }

        var localAs = sent.PeerAs;
        if (open.BgpIdentifier == 0 || (open.PeerAs == localAs && open.BgpIdentifier == sent.BgpIdentifier))
        {
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.BadBgpIdentifier, "BGP identifier " + open.BgpIdentifier + (open.BgpIdentifier == 0 ? " is zero" : " equals ours on an internal session"));
        }

        var families = sent.EffectiveFamilies.Intersect(open.EffectiveFamilies).ToList();
        if (families.Count == 0)
        {
            // RFC 5492 §3: no family in common; the data field lists the capabilities we needed.
            var ours = sent.Families.SelectMany(f => new byte[] { 1, 4, 0, (byte)f.Afi(), 0, BgpFamilies.SafiUnicast }).ToArray();
            throw new BgpProtocolException(BgpError.OpenMessage, BgpError.UnsupportedCapability, "no address family in common", ours);
        }

        var hold = Math.Min(open.HoldTime, sent.HoldTime);
        return new NegotiatedSession(open.PeerAs, open.BgpIdentifier, hold, open.FourOctetAs is not null && sent.FourOctetAs is not null, families, open.GracefulRestart, open.RouteRefresh);
    }
}
