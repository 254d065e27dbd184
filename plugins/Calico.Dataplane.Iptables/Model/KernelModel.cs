namespace Calico.Dataplane.Iptables.Model;

/// <summary>
/// Everything we own in the kernel, as text: our chains in each family's raw, mangle and filter tables and our
/// ipsets. Built from the policy state (fully, or by updating only what a delta touches); a committed model is
/// never modified.
/// </summary>
internal sealed class KernelModel
{
    /// <summary>The tables we program, in the order their sections are written.</summary>
    public static readonly string[] Tables = ["raw", "mangle", "filter"];

    /// <summary>The families, in the order they are programmed.</summary>
    public static readonly int[] Families = [4, 6];

    private readonly Dictionary<string, ChainBody>[] _chains = [.. Enumerable.Range(0, 6).Select(_ => new Dictionary<string, ChainBody>(StringComparer.Ordinal))];
    private readonly Dictionary<string, int> _cidrRefs = new(StringComparer.Ordinal);

    /// <summary>Our ipsets by name (selector, named-port and CIDR sets).</summary>
    public Dictionary<string, IpsetSpec> Sets { get; } = new(StringComparer.Ordinal);

    /// <summary>The chains of the host part (<see cref="Rendering.HostEndpointRenderer"/>), to remove those it drops.</summary>
    public HashSet<(int Family, string Table, string Name)> HostPart { get; set; } = [];

    /// <summary>Our chains of one family's filter table by name.</summary>
    public IReadOnlyDictionary<string, ChainBody> Chains(int family) => Chains(family, "filter");

    /// <summary>Our chains of one family's <paramref name="table"/> by name.</summary>
    public IReadOnlyDictionary<string, ChainBody> Chains(int family, string table) => _chains[Index(family, table)];

    /// <summary>A copy sharing every chain body and set (copy on write).</summary>
    public KernelModel Clone()
    {
        var copy = new KernelModel();
        for (var i = 0; i < _chains.Length; i++)
        {
            copy._chains[i].EnsureCapacity(_chains[i].Count);
            foreach (var (name, body) in _chains[i])
            {
                copy._chains[i][name] = body;
            }
        }

        copy.Sets.EnsureCapacity(Sets.Count);
        foreach (var (name, set) in Sets)
        {
            copy.Sets[name] = set;
        }

        copy.HostPart = [.. HostPart];
        foreach (var (name, count) in _cidrRefs)
        {
            copy._cidrRefs[name] = count;
        }

        return copy;
    }

    /// <summary>Sets (or with null removes) a filter chain.</summary>
    public void SetChain(int family, string name, ChainBody? body) => SetChain(family, "filter", name, body);

    /// <summary>Sets (or with null removes) a chain, keeping the CIDR sets its rules use alive exactly while used.</summary>
    public void SetChain(int family, string table, string name, ChainBody? body)
    {
        var chains = _chains[Index(family, table)];
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

    private static int Index(int family, string table) => ((family == 4 ? 0 : 1) * 3) + table switch
    {
        "raw" => 0,
        "mangle" => 1,
        "filter" => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a table we program"),
    };
}
