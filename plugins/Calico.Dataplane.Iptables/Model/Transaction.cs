namespace Calico.Dataplane.Iptables.Model;

/// <summary>
/// What one apply or reconcile runs, in order: (full syncs) scratch sets filled beforehand, an ipset restore that
/// creates and fills sets (before any rule can refer to them), one <c>iptables-restore --noflush</c> per family whose chains change (each atomic for its
/// table), then the destruction of sets no rule refers to any more.
/// </summary>
/// <param name="Prepare">Full syncs: an ipset script that only builds scratch sets (no rule uses them), or null.</param>
/// <param name="IpsetBefore">The ipset restore script that changes our live sets, or null when no set changes.</param>
/// <param name="V4">The iptables-restore input for IPv4, or null when no IPv4 chain changes.</param>
/// <param name="V6">The ip6tables-restore input, or null when no IPv6 chain changes.</param>
/// <param name="Destroy">Our sets to destroy after the rules no longer use them.</param>
/// <param name="Commands">The number of rule and set commands (for logs).</param>
internal sealed record Transaction(string? Prepare, string? IpsetBefore, string? V4, string? V6, IReadOnlyList<string> Destroy, int Commands)
{
    /// <summary>The restore input of one family.</summary>
    public string? Table(int family) => family == 4 ? V4 : V6;
}
