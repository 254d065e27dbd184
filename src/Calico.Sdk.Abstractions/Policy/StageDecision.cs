namespace Calico.Sdk.Policy;

/// <summary>The result of one stage of a flow's path.</summary>
/// <param name="Stage">Which stage.</param>
/// <param name="Endpoint">The endpoint whose program was evaluated.</param>
/// <param name="Verdict">Allow, Deny or Continue.</param>
/// <param name="Reason">Why.</param>
/// <param name="Tier">The deciding tier, if a tier decided.</param>
/// <param name="Policy">The deciding policy or profile, if one did.</param>
/// <param name="RuleIndex">The deciding rule's index within the policy's rules for the direction.</param>
public sealed record StageDecision(
    PolicyStage Stage,
    EndpointId Endpoint,
    Verdict Verdict,
    DecisionReason Reason,
    string? Tier = null,
    PolicyId? Policy = null,
    int? RuleIndex = null)
{
    /// <summary>A one-line description, e.g. <c>WorkloadIngress wep/x/a: Deny by EndOfTier tier=default</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = $"{Stage} {Endpoint}: {Verdict} by {Reason}";
        if (Tier is not null)
        {
            text += $" tier={Tier}";
        }

        if (Policy is { } policy)
        {
            text += $" policy={policy}";
        }

        if (RuleIndex is { } rule)
        {
            text += $" rule={rule}";
        }

        return text;
    }
}
