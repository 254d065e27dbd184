namespace Calico.Sdk.Policy;

/// <summary>The outcome of a stage or of a whole flow.</summary>
public enum Verdict
{
    /// <summary>The packet is accepted.</summary>
    Allow,

    /// <summary>The packet is dropped.</summary>
    Deny,

    /// <summary>The stage did not decide; the packet continues along its path (preDNAT, untracked, forward).</summary>
    Continue,
}
