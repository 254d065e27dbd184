namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>
/// Packet mark bits the endpoint and policy chains communicate with (Felix's accept and pass bits): a policy
/// chain sets one and returns, the endpoint chain tests it.
/// </summary>
internal static class Marks
{
    /// <summary>Clears both bits.</summary>
    public const string ClearBoth = "-j MARK --set-xmark 0x0/0x30000";

    /// <summary>Clears the pass bit at the start of a tier.</summary>
    public const string ClearPass = "-j MARK --set-xmark 0x0/0x20000";

    /// <summary>Sets the accept bit.</summary>
    public const string SetAccept = "-j MARK --set-xmark 0x10000/0x10000";

    /// <summary>Sets the pass bit.</summary>
    public const string SetPass = "-j MARK --set-xmark 0x20000/0x20000";

    /// <summary>Match: no Pass rule matched yet in this tier.</summary>
    public const string NotPassed = "-m mark --mark 0x0/0x20000";

    /// <summary>Match: a policy allowed the packet.</summary>
    public const string Accepted = "-m mark --mark 0x10000/0x10000";

    /// <summary>Match: a Pass rule matched.</summary>
    public const string Passed = "-m mark --mark 0x20000/0x20000";

    /// <summary>Sets the preDNAT-accepted bit (later host endpoint ingress stages accept the packet unevaluated).</summary>
    public const string SetPreDnatAccept = "-j MARK --set-xmark 0x40000/0x40000";

    /// <summary>Clears the preDNAT-accepted bit (at the start of the preDNAT stage).</summary>
    public const string ClearPreDnat = "-j MARK --set-xmark 0x0/0x40000";

    /// <summary>Match: a preDNAT policy allowed the packet.</summary>
    public const string PreDnatAccepted = "-m mark --mark 0x40000/0x40000";

    /// <summary>Match: no preDNAT policy allowed the packet.</summary>
    public const string NotPreDnatAccepted = "-m mark --mark 0x0/0x40000";

    /// <summary>Sets the untracked-accepted bit (a doNotTrack policy allowed the packet: every later stage accepts it).</summary>
    public const string SetUntrackedAccept = "-j MARK --set-xmark 0x80000/0x80000";

    /// <summary>Match: a doNotTrack policy allowed the packet.</summary>
    public const string UntrackedAccepted = "-m mark --mark 0x80000/0x80000";
}
