namespace Calico.Dataplane.Nftables.Rendering;

/// <summary>
/// Packet mark bits the endpoint and policy chains communicate with (Felix's accept and pass bits, inside its
/// default 0xffff0000 mask): a policy chain sets one and returns, the endpoint chain tests it.
/// </summary>
internal static class Marks
{
    /// <summary>A policy or profile allowed the packet.</summary>
    public const string Accept = "0x00010000";

    /// <summary>A Pass rule matched: skip the rest of the tier.</summary>
    public const string Pass = "0x00020000";

    /// <summary>A preDNAT policy allowed the packet: later host endpoint ingress stages accept it unevaluated.</summary>
    public const string PreDnatAccept = "0x00040000";

    /// <summary>A doNotTrack policy allowed the packet (it is untracked): every later stage accepts it.</summary>
    public const string UntrackedAccept = "0x00080000";

    /// <summary>Condition: a preDNAT policy allowed the packet.</summary>
    public const string PreDnatAccepted = "meta mark & " + PreDnatAccept + " != 0";

    /// <summary>Condition: a doNotTrack policy allowed the packet.</summary>
    public const string UntrackedAccepted = "meta mark & " + UntrackedAccept + " != 0";

    /// <summary>Clears both bits.</summary>
    public const string ClearBoth = "meta mark set meta mark & 0xfffcffff";

    /// <summary>Clears the pass bit at the start of a tier.</summary>
    public const string ClearPass = "meta mark set meta mark & 0xfffdffff";

    /// <summary>Condition: no Pass rule matched yet in this tier.</summary>
    public const string NotPassed = "meta mark & " + Pass + " == 0";

    /// <summary>Condition: a policy allowed the packet.</summary>
    public const string Accepted = "meta mark & " + Accept + " != 0";
}
