namespace Calico.Dataplane.Iptables.Model;

/// <summary>
/// Everything we own in the kernel, as text: our chains in each family's filter table and our ipsets. Built
/// from the policy state (fully, or by updating only what a delta touches); a committed model is never modified.
/// </summary>
internal sealed class KernelModel
{
    private readonly Dictionary<string, ChainBody>[] _chains = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly Dictionary<string, int> _cidrRefs = new(StringComparer.Ordinal);

    /// <summary>The families, in the order they are programmed.</summary>
    public static readonly int[] Families = [4, 6];

    /// <summary>Our ipsets by name (selector, named-port and CIDR sets).</summary>
    public Dictionary<string, IpsetSpec> Sets { get; } = new(StringComparer.Ordinal);

    /// <summary>Our chains of one family's filter table by name.</summary>
    public IReadOnlyDictionary<string, ChainBody> Chains(int family) => _chains[Index(family)];

    /// <summary>A copy sharing every chain body and set (copy on write).</summary>
    public KernelModel Clone()
    {
        var copy = new KernelModel();
        for (var i = 0; i < 2; i++)
        {
            foreach (var (name, body) in _chains[i])
            {
                copy._chains[i][name] = body;
            }
        }

        foreach (var (name, set) in Sets)
        {
            copy.Sets[name] = set;
        }

        foreach (var (name, count) in _cidrRefs)
        {
            copy._cidrRefs[name] = count;
        }

        return copy;
    }

    /// <summary>Sets (or with null removes) a chain, keeping the CIDR sets its rules use alive exactly while used.</summary>
    public void SetChain(int family, string name, ChainBody? body)
    {
        var chains = _chains[Index(family)];
        if (chains.Remove(name, out var old))
        {
            foreach (var set in old.CidrSets)
            {
                if (--_cidrRefs[set.Name] == 0)
                {
                    _cidrRefs.Remove(set.Name);
                    Sets.Remove(set.Name);
                }
            }
        }

        if (body is null)
        {
            return;
        }

        chains[name] = body;
        foreach (var set in body.CidrSets)
        {
            _cidrRefs[set.Name] = _cidrRefs.GetValueOrDefault(set.Name) + 1;
            Sets.TryAdd(set.Name, set);
        }
    }

    private static int Index(int family) => family == 4 ? 0 : 1;
}
