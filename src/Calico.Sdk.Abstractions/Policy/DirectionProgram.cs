namespace Calico.Sdk.Policy;

/// <summary>An endpoint's ordered program for one direction (or one host-endpoint stage).</summary>
/// <param name="Tiers">Tiers in evaluation order; only tiers with at least one applicable policy appear.</param>
/// <param name="Profiles">Profiles evaluated after the tiers (only when <paramref name="End"/> is Profiles).</param>
/// <param name="End">What happens to a packet no tier decided.</param>
public sealed record DirectionProgram(EquatableArray<TierProgram> Tiers, EquatableArray<PolicyId> Profiles, ProgramEnd End)
{
    /// <summary>A stage with no policies that lets every packet continue.</summary>
    public static DirectionProgram EmptyStage { get; } = new(default, default, ProgramEnd.Continue);

    /// <summary>Whether the program has no tiers (and, for profile programs, no profiles).</summary>
    public bool IsEmpty => Tiers.Count == 0 && Profiles.Count == 0;
}
