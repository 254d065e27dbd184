namespace Calico.Sdk.Policy;

/// <summary>What a <see cref="DirectionProgram"/> does with a packet that falls out of every tier.</summary>
public enum ProgramEnd
{
    /// <summary>Evaluate the profiles in order; drop unless one allows (normal endpoint programs).</summary>
    Profiles,

    /// <summary>Continue with the next stage of the packet path (preDNAT, untracked and forward stages).</summary>
    Continue,
}
