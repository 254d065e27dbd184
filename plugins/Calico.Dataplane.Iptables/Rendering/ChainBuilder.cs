using System.Net;
using Calico.Dataplane.Iptables.Model;

namespace Calico.Dataplane.Iptables.Rendering;

/// <summary>Collects one chain's rules for one family and the CIDR sets they reference.</summary>
internal sealed class ChainBuilder(int family)
{
    private readonly List<string> _rules = [];
    private readonly List<IpsetSpec> _sets = [];

    /// <summary>4 or 6.</summary>
    public int Family { get; } = family;

    /// <summary>Appends a rule specification.</summary>
    public void Add(string rule) => _rules.Add(rule);

    /// <summary>Appends rule specifications.</summary>
    public void AddRange(IEnumerable<string> rules) => _rules.AddRange(rules);

    /// <summary>
    /// The name of a hash:net set holding exactly <paramref name="networks"/> (content-addressed: equal lists
    /// share one set); used where iptables cannot match a list (negation, several CIDRs next to a negation).
    /// </summary>
    public string CidrSet(IEnumerable<IPNetwork> networks)
    {
        var elements = networks.SelectMany(SetElements.Net).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var name = Names.CidrSet(Family, elements);
        if (!_sets.Exists(s => s.Name == name))
        {
            _sets.Add(new IpsetSpec(name, "hash:net", Family, elements.ToHashSet(StringComparer.Ordinal)));
        }

        return name;
    }

    /// <summary>The finished chain.</summary>
    public ChainBody Build() => new(_rules.ToArray(), _sets.ToArray());
}
