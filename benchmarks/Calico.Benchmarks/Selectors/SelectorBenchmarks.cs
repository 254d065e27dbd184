using BenchmarkDotNet.Attributes;
using Calico.Sdk.Selectors;

namespace Calico.Benchmarks.Selectors;

/// <summary>
/// Selector parsing and evaluation. The baseline is the floor for any 3-term evaluation: the three dictionary
/// lookups the terms need, on the same 8-label map.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SelectorBenchmarks
{
    private const string TypicalSelector =
        "projectcalico.org/orchestrator == 'k8s' && app in {'web', 'api'} && !has(quarantine) && tier != 'db'";

    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal)
    {
        ["a"] = "x",
        ["b"] = "q",
        ["c"] = string.Empty,
        ["app"] = "web",
        ["tier"] = "frontend",
        ["env"] = "production",
        ["projectcalico.org/namespace"] = "shop",
        ["projectcalico.org/orchestrator"] = "k8s",
    };

    // Keys and values as a deserialiser would produce them: equal to, but not the same instances as, the literals.
    private readonly string[] _fresh = [new('a', 1), new('x', 1), new('b', 1), new('p', 1), new('q', 1), new('c', 1)];

    private readonly Selector _threeTerms = Selector.Parse("a == \"x\" && b in {\"p\",\"q\"} && has(c)");

    [Benchmark(Description = "Parse typical selector")]
    public Selector Parse() => Selector.Parse(TypicalSelector);

    [Benchmark(Description = "Evaluate 3 terms (dictionary)")]
    public bool EvaluateDictionary() => _threeTerms.Matches(_labels);

    [Benchmark(Description = "Evaluate 3 terms (struct source)")]
    public bool EvaluateStructSource() => _threeTerms.Matches(new DictionaryLabelSource(_labels));

    [Benchmark(Baseline = true, Description = "3 dictionary lookups")]
    public bool ThreeLookups() =>
        _labels.TryGetValue("a", out var a) && a == "x"
        && _labels.TryGetValue("b", out var b) && (b == "p" || b == "q")
        && _labels.ContainsKey("c");

    [Benchmark(Description = "3 dictionary lookups (non-literal keys)")]
    public bool ThreeLookupsNonLiteralKeys()
    {
        var f = _fresh;
        return _labels.TryGetValue(f[0], out var a) && a == f[1]
            && _labels.TryGetValue(f[2], out var b) && (b == f[3] || b == f[4])
            && _labels.ContainsKey(f[5]);
    }
}
