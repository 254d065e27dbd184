namespace Calico.Dataplane.Iptables;

/// <summary>Which iptables implementation programs the kernel (Felix's <c>FELIX_IPTABLESBACKEND</c>).</summary>
public enum IptablesBackend
{
    /// <summary>
    /// Detect on the first reconcile: legacy when the legacy tables hold more rules than the nf_tables ones
    /// (another tool, e.g. kube-proxy, already uses legacy), otherwise nft.
    /// </summary>
    Auto,

    /// <summary><c>iptables-nft-restore</c>: xtables rules stored in nf_tables (one batch per table).</summary>
    Nft,

    /// <summary><c>iptables-legacy-restore</c>: the x_tables kernel API (whole-table replace).</summary>
    Legacy,
}
