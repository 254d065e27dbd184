namespace Calico.Sdk.Policy;

/// <summary>The evaluator's answer for a <see cref="Flow"/>.</summary>
/// <param name="Verdict">Allow or Deny for the flow as a whole (every stage allowed or continued ⇒ Allow).</param>
/// <param name="Stages">Each stage evaluated, in path order; the last one decided the flow.</param>
/// <param name="Trace">Human-readable steps: tiers entered, rules matched, Log actions, staged-policy verdicts.</param>
public sealed record PolicyDecision(Verdict Verdict, EquatableArray<StageDecision> Stages, EquatableArray<string> Trace)
{
    /// <summary>The stage that decided the flow: the first denying stage, else the last stage; null if none applied.</summary>
    public StageDecision? DecidedBy => Stages.Count == 0 ? null : Stages[^1];
}
