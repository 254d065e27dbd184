using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Resources;

namespace Calico.Routing.Bgp.Policy;

/// <summary>One BGPFilter compiled for evaluation: ordered import/export rules per family.</summary>
internal sealed class BgpFilterRules
{
    private readonly FilterRule[][] _rules;

    private BgpFilterRules(string name, string fingerprint, FilterRule[][] rules)
    {
        Name = name;
        Fingerprint = fingerprint;
        _rules = rules;
    }

    public string Name { get; }

    /// <summary>The rules as canonical JSON: equal fingerprints, equal behaviour (a changed filter re-evaluates routes).</summary>
    public string Fingerprint { get; }

    public static BgpFilterRules Compile(string name, BGPFilterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fingerprint = System.Text.Json.JsonSerializer.Serialize(new BGPFilter { Spec = spec }, Calico.Sdk.Serialization.CalicoJsonContext.Default.BGPFilter);
        return new BgpFilterRules(name, fingerprint,
        [
            Compile(spec.ImportV4, BgpFamily.IPv4Unicast), Compile(spec.ExportV4, BgpFamily.IPv4Unicast),
            Compile(spec.ImportV6, BgpFamily.IPv6Unicast), Compile(spec.ExportV6, BgpFamily.IPv6Unicast),
        ]);
    }

    public IReadOnlyList<FilterRule> Rules(bool import, BgpFamily family) =>
        _rules[(family == BgpFamily.IPv6Unicast ? 2 : 0) + (import ? 0 : 1)];

    private static FilterRule[] Compile(IList<BGPFilterRule>? rules, BgpFamily family) =>
        rules is null ? [] : [.. rules.Select(r => FilterRule.Compile(r, family))];
}
