namespace Calico.Sdk.Policy;

/// <summary>
/// One tier in an endpoint's program for one direction: the policies of the tier that select the endpoint and
/// cover the direction, already sorted (order ascending, nil last, ties by <see cref="PolicyId.SortKey"/>).
/// </summary>
/// <param name="Name">The tier name.</param>
/// <param name="Policies">
/// The policies in evaluation order. Staged ones (<see cref="PolicyId.IsStaged"/>) are listed for accounting and
/// tracing only: a dataplane must not enforce them.
/// </param>
/// <param name="EndOfTierDrop">
/// Whether a packet that no rule of the tier decided (no Allow, Deny or Pass) is dropped at the end of the tier.
/// False when the tier's default action is Pass, when every listed policy is staged, and always in the
/// preDNAT and untracked stages.
/// </param>
public sealed record TierProgram(string Name, EquatableArray<PolicyId> Policies, bool EndOfTierDrop);
