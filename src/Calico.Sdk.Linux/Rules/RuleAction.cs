namespace Calico.Sdk.Linux;

/// <summary>What a policy rule does on a match (FR_ACT_*).</summary>
public enum RuleAction : byte
{
    /// <summary>Look up the rule's table.</summary>
    ToTable = 1,

    /// <summary>Jump to another rule.</summary>
    Goto = 2,

    /// <summary>Do nothing.</summary>
    Nop = 3,

    /// <summary>Drop silently.</summary>
    Blackhole = 6,

    /// <summary>Drop with ICMP unreachable.</summary>
    Unreachable = 7,

    /// <summary>Drop with ICMP prohibited.</summary>
    Prohibit = 8,
}
