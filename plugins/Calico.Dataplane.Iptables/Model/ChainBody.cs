namespace Calico.Dataplane.Iptables.Model;

/// <summary>The rules of one of our chains (each the text after <c>-A CHAIN</c>) and the CIDR sets they use.</summary>
/// <param name="Rules">The rule specifications, in order.</param>
/// <param name="CidrSets">The content-addressed CIDR sets the rules reference (kept alive while the chain exists).</param>
internal sealed record ChainBody(IReadOnlyList<string> Rules, IReadOnlyList<IpsetSpec> CidrSets)
{
    /// <summary>Whether two bodies hold the same rules.</summary>
    public bool SameRules(ChainBody other) => ReferenceEquals(this, other) || Rules.SequenceEqual(other.Rules, StringComparer.Ordinal);
}
