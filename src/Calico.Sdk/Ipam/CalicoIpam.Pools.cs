namespace Calico.Sdk.Ipam;

/// <content>Choosing the pools a request may use (Calico's <c>determinePools</c>).</content>
public sealed partial class CalicoIpam
{
    /// <summary>
    /// The pools of one family for a request: the requested ones (by name or CIDR; each must exist and be enabled;
    /// selectors ignored; Manual allowed), else every enabled Automatic pool whose node and namespace selectors
    /// match; then only pools allowing the use. Throws before anything is written.
    /// </summary>
    private async Task<List<IpamPool>> SelectPoolsAsync(
        IpamSnapshot snapshot, bool v6, IReadOnlyList<string> requested, string node, IReadOnlyDictionary<string, string>? namespaceLabels, IpamUse use, CancellationToken ct)
    {
        var family = snapshot.Pools.Where(p => p.Cidr.IsV6 == v6).ToList();
        List<IpamPool> pools;
        if (requested.Count > 0)
        {
            pools = [];
            foreach (var wanted in requested)
            {
                var normalized = IpCidr.TryParse(wanted, out var asCidr, out _) ? asCidr.ToString() : null;
                var pool = family.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.Ordinal) || p.Cidr.ToString() == normalized);
                if (pool is null || !pool.Enabled)
                {
                    throw new ArgumentException(
                        $"the given pool ({wanted}) does not exist, or is not enabled (requested as an {(v6 ? "IPv6" : "IPv4")} pool)",
                        v6 ? nameof(AutoAssignRequest.IPv6Pools) : nameof(AutoAssignRequest.IPv4Pools));
                }

                if (!pools.Contains(pool))
                {
                    pools.Add(pool);
                }
            }
        }
        else
        {
            var namespaces = namespaceLabels ?? new Dictionary<string, string>(StringComparer.Ordinal);
            pools = [.. family.Where(p => p.Enabled && !p.Manual && p.SelectsNamespace(namespaces))];
            if (pools.Any(p => p.NodeSelector is not null))
            {
                var nodeLabels = await GetNodeLabelsAsync(node, ct).ConfigureAwait(false);
                pools = [.. pools.Where(p => p.SelectsNode(nodeLabels))];
            }
        }

        pools = [.. pools.Where(p => p.AllowedUses.Contains(use))];
        if (pools.Count == 0)
        {
            throw new IpamExhaustedException(
                $"cannot find a qualified {(v6 ? "IPv6" : "IPv4")} ippool for {use} addresses on node '{node}'"
                + (requested.Count > 0 ? $" among [{string.Join(", ", requested)}]" : string.Empty));
        }

        return pools;
    }
}
