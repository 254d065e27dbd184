using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorPrefixTests
{
    [Theory]
    [InlineData("role == 'db'", "pcns.", "pcns.role == \"db\"")]
    [InlineData("has(team) && !tier in {'b', 'a'}", "pcsa.", "(has(pcsa.team) && !pcsa.tier in {\"a\", \"b\"})")]
    [InlineData("a starts with 'x' || b != 'y' || c not in {}", "p/", "(p/a starts with \"x\" || p/b != \"y\" || p/c not in {})")]
    [InlineData("all()", "pcns.", "all()")]
    [InlineData("global() || !has(x)", "pcns.", "(global() || !has(pcns.x))")]
    public void Prefixes_every_label_name(string input, string prefix, string expected)
    {
        Assert.Equal(expected, Selector.Parse(input).WithLabelPrefix(prefix).ToString());
    }

    [Fact]
    public void Prefixed_selector_evaluates_prefixed_labels()
    {
        var selector = Selector.Parse("name in {'kube-system', 'default'}").WithLabelPrefix("pcns.");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["pcns.name"] = "default" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["name"] = "default" }));
        Assert.Equal(["pcns.name"], selector.LabelNames);
    }

    [Fact]
    public void Leaves_the_original_unchanged_and_changes_the_id()
    {
        var original = Selector.Parse("k == 'v'");

        var prefixed = original.WithLabelPrefix("visited/");

        Assert.Equal("k == \"v\"", original.ToString());
        Assert.NotEqual(original.UniqueId, prefixed.UniqueId);
    }

    [Fact]
    public void Empty_prefix_returns_the_same_selector()
    {
        var selector = Selector.Parse("k == 'v'");

        Assert.Same(selector, selector.WithLabelPrefix(string.Empty));
    }

    [Fact]
    public void Rejects_a_prefix_with_non_label_characters()
    {
        var error = Assert.Throws<ArgumentException>(() => Selector.Parse("k == 'v'").WithLabelPrefix("pc ns."));

        Assert.Equal("prefix", error.ParamName);
        Assert.Contains("' ' at position 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_prefix_that_makes_a_label_longer_than_512_characters()
    {
        var selector = Selector.Parse(new string('k', 510) + " == 'v'");

        Assert.Equal(512, selector.WithLabelPrefix("p.").LabelNames.Single().Length);
        var error = Assert.Throws<ArgumentException>(() => selector.WithLabelPrefix("pcns."));
        Assert.Contains("longer than 512", error.Message, StringComparison.Ordinal);
    }
}
