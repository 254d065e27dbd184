namespace Calico.Sdk.Policy;

/// <summary>Why a stage reached its verdict.</summary>
public enum DecisionReason
{
    /// <summary>A policy rule with action Allow or Deny matched (<see cref="StageDecision.Policy"/>, <see cref="StageDecision.RuleIndex"/>).</summary>
    PolicyRule,

    /// <summary>No rule of a tier decided and the tier drops at its end (<see cref="StageDecision.Tier"/>).</summary>
    EndOfTier,

    /// <summary>A profile rule matched (<see cref="StageDecision.Policy"/> is the profile).</summary>
    ProfileRule,

    /// <summary>The endpoint references a profile that does not exist: deny-all stand-in.</summary>
    MissingProfile,

    /// <summary>Every tier passed (or none applied) and no profile allowed: default deny.</summary>
    NoProfileMatched,

    /// <summary>A failsafe port of a host endpoint.</summary>
    Failsafe,

    /// <summary>The stage has no applicable policy or no rule decided; the packet continues.</summary>
    NoPolicy,

    /// <summary>Fixed behaviour of the path (host to local workload; <c>defaultEndpointToHostAction</c>).</summary>
    Path,
}
