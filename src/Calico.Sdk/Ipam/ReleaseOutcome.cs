namespace Calico.Sdk.Ipam;

/// <summary>What happened to one ordinal on release.</summary>
internal enum ReleaseOutcome
{
    /// <summary>The allocation was freed.</summary>
    Released,

    /// <summary>The ordinal was not allocated (already free or cooling down).</summary>
    NotAllocated,

    /// <summary>The ordinal is allocated under another sequence number or handle: it was reused since.</summary>
    Mismatch,
}
