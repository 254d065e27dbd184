namespace Calico.Sdk.Policy;

/// <summary>A rule's action (§3.2 of Calico's semantics).</summary>
public enum RuleAction
{
    /// <summary>Accept the packet; nothing later (no other tier, no profile) is consulted.</summary>
    Allow,

    /// <summary>Drop the packet.</summary>
    Deny,

    /// <summary>Log the packet and continue with the next rule (non-terminal).</summary>
    Log,

    /// <summary>Skip the rest of the current tier and continue with the next tier (or the profiles).</summary>
    Pass,
}
