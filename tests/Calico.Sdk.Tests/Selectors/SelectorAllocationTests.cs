using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorAllocationTests
{
    private const int Iterations = 10_000;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["app"] = "web",
        ["tier"] = "frontend",
        ["env"] = "production",
        ["team"] = "payments",
        ["version"] = "v1.2.3",
        ["projectcalico.org/namespace"] = "shop",
        ["projectcalico.org/orchestrator"] = "k8s",
        ["zone"] = "eu-west-1a",
    };

    // Every operator, including a set big enough to use the hashed lookup.
    private static readonly Selector Everything = Selector.Parse(
        "app == 'web' && tier in {'frontend', 'backend'} && has(env) && !has(missing) && env != 'dev' " +
        "&& team contains 'pay' && version starts with 'v1.' && zone ends with '1a' && missing not in {'x'} " +
        "&& zone in {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'eu-west-1a'} && (global() || all()) " +
        "&& !(app == 'db' || tier not in {'frontend'})");

    [Fact]
    public void Dictionary_evaluation_allocates_nothing()
    {
        Assert.True(Everything.Matches(Labels));

        var allocated = Measure(static () => Everything.Matches(Labels));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Read_only_dictionary_evaluation_allocates_nothing()
    {
        // Not a Dictionary<,>: takes the interface-based DictionaryLabelSource path.
        IReadOnlyDictionary<string, string> labels = new ReadOnlyDictionary<string, string>(Labels);
        Assert.True(Everything.Matches(labels));

        var allocated = Measure(() => Everything.Matches(labels));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Label_source_evaluation_allocates_nothing()
    {
        ILabelSource source = new InheritingLabels(new Dictionary<string, string> { ["app"] = "web" }, Labels);
        Assert.True(Everything.Matches(source));

        var allocated = Measure(() => Everything.Matches(source));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Struct_label_source_evaluation_allocates_nothing()
    {
        var source = new DictionaryLabelSource(Labels);
        Assert.True(Everything.Matches(source));

        var allocated = Measure(() => Everything.Matches(source));

        Assert.Equal(0, allocated);
    }

    private static long Measure(Func<bool> evaluate)
    {
        // Warm up so tiered JIT and lazy statics are settled before measuring.
        for (var i = 0; i < 100; i++)
        {
            evaluate();
        }

        var matched = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            matched += evaluate() ? 1 : 0;
        }

        var after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(Iterations, matched);
        return after - before;
    }

    private sealed class InheritingLabels(IReadOnlyDictionary<string, string> own, IReadOnlyDictionary<string, string> parent) : ILabelSource
    {
        public bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value) =>
            own.TryGetValue(name, out value) || parent.TryGetValue(name, out value);
    }
}
