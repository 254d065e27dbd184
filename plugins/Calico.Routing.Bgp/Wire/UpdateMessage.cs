namespace Calico.Routing.Bgp.Wire;

/// <summary>What RFC 7606 says to do with an UPDATE that carried a malformed attribute.</summary>
internal enum UpdateErrorAction
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The malformed attribute was dropped; the routes stand.</summary>
    AttributeDiscard = 1,

    /// <summary>Every route the UPDATE announced is treated as withdrawn.</summary>
    TreatAsWithdraw = 2,
}

/// <summary>A decoded UPDATE: withdrawals and announcements per family, with the attributes they share.</summary>
internal sealed class UpdateMessage
{
    public List<BgpPrefix> Withdrawn { get; } = [];

    public List<BgpPrefix> Announced { get; } = [];

    /// <summary>Attributes of IPv4 announcements (NEXT_HOP as next hop).</summary>
    public PathAttributes? IPv4Attributes { get; set; }

    /// <summary>Attributes of MP_REACH announcements (its next hop).</summary>
    public PathAttributes? IPv6Attributes { get; set; }

    /// <summary>Families whose End-of-RIB marker this message is (RFC 4724 §2).</summary>
    public BgpFamily? EndOfRib { get; set; }

    public UpdateErrorAction Action { get; set; }

    /// <summary>Human-readable descriptions of each attribute error found (for the log).</summary>
    public List<string> Problems { get; } = [];

    public void Raise(UpdateErrorAction action, string problem)
    {
        if (action > Action)
        {
            Action = action;
        }

        Problems.Add(problem + " (" + (action == UpdateErrorAction.TreatAsWithdraw ? "treat-as-withdraw" : "attribute discarded") + ")");
    }

    /// <summary>Applies treat-as-withdraw: every announced prefix becomes a withdrawal.</summary>
    public void ApplyErrorAction()
    {
        if (Action == UpdateErrorAction.TreatAsWithdraw)
        {
            Withdrawn.AddRange(Announced);
            Announced.Clear();
        }
    }
}

/// <summary>What the decoder needs to know about the session (negotiated options and who the peer is).</summary>
internal sealed record UpdateContext(bool FourOctetAs, bool External, uint PeerAs)
{
    /// <summary>Families negotiated on the session; an MP attribute for another family is ignored.</summary>
    public bool IPv4 { get; init; } = true;

    public bool IPv6 { get; init; } = true;

    public System.Net.IPAddress? LocalAddress { get; init; }
}
