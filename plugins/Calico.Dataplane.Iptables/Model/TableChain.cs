namespace Calico.Dataplane.Iptables.Model;

/// <summary>One chain of one family's table.</summary>
/// <param name="Family">4 or 6.</param>
/// <param name="Table"><c>raw</c>, <c>mangle</c> or <c>filter</c>.</param>
/// <param name="Name">The chain name.</param>
/// <param name="Body">Its rules.</param>
internal sealed record TableChain(int Family, string Table, string Name, ChainBody Body);
