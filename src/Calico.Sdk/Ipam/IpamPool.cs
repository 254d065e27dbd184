using Calico.Sdk.Resources;
using Calico.Sdk.Selectors;

namespace Calico.Sdk.Ipam;

/// <summary>An IP pool as IPAM uses it: parsed CIDR, block layout, selectors and uses.</summary>
internal sealed record IpamPool(
    string Name,
    PoolLayout Layout,
    bool Enabled,
    bool Manual,
    Selector? NodeSelector,
    Selector? NamespaceSelector,
    IReadOnlySet<IpamUse> AllowedUses)
{
    /// <summary>The pool CIDR.</summary>
    public IpCidr Cidr => Layout.Pool;

    /// <summary>
    /// Reads a pool resource. Returns null with a reason when the pool cannot be used at all (bad CIDR, block size,
    /// selector); such pools are skipped, never guessed at.
    /// </summary>
    public static IpamPool? From(IPPool pool, out string? problem)
    {
        var name = pool.Metadata.Name ?? string.Empty;
        var spec = pool.Spec;
        problem = null;
        if (!IpCidr.TryParse(spec.Cidr, out var cidr, out var error))
        {
            problem = $"IPPool '{name}' has an invalid spec.cidr: {error}";
            return null;
        }

        var blockSize = spec.BlockSize is { } b and > 0 ? b : cidr.IsV6 ? 122 : 26;
        var maxHostBits = 12;
        if (blockSize < cidr.PrefixLength || blockSize > cidr.AddressBits || cidr.AddressBits - blockSize > maxHostBits)
        {
            problem = $"IPPool '{name}' ({cidr}) has spec.blockSize {blockSize}, which must be between the pool prefix and /{cidr.AddressBits} and at most {1 << maxHostBits} addresses";
            return null;
        }

        Selector? nodeSelector = null;
        Selector? namespaceSelector = null;
        try
        {
            nodeSelector = ParseSelector(spec.NodeSelector);
            namespaceSelector = ParseSelector(spec.NamespaceSelector);
        }
        catch (SelectorParseException ex)
        {
            problem = $"IPPool '{name}' has an invalid selector: {ex.Message}";
            return null;
        }

        var uses = new HashSet<IpamUse>();
        foreach (var use in spec.AllowedUses ?? [])
        {
            if (Enum.TryParse<IpamUse>(use, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
            {
                uses.Add(parsed);
            }
        }

        if (uses.Count == 0)
        {
            uses.Add(IpamUse.Workload);
            uses.Add(IpamUse.Tunnel);
        }

        var allocatable = pool.Status?.Conditions?.FirstOrDefault(c => c.Type == "Allocatable") is not { Status: "False" };
        return new IpamPool(
            name,
            new PoolLayout(cidr, blockSize),
            spec.Disabled != true && allocatable,
            string.Equals(spec.AssignmentMode, "Manual", StringComparison.Ordinal),
            nodeSelector,
            namespaceSelector,
            uses);
    }

    private static Selector? ParseSelector(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "all()")
        {
            return null;
        }

        return Selector.Parse(text);
    }

    /// <summary>Whether the pool's node selector admits a node.</summary>
    public bool SelectsNode(IReadOnlyDictionary<string, string> nodeLabels) => NodeSelector is null || NodeSelector.Matches(nodeLabels);

    /// <summary>Whether the pool's namespace selector admits a namespace.</summary>
    public bool SelectsNamespace(IReadOnlyDictionary<string, string> namespaceLabels) => NamespaceSelector is null || NamespaceSelector.Matches(namespaceLabels);
}
