using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorApiTests
{
    [Fact]
    public void All_is_the_empty_selector_and_matches_everything()
    {
        Assert.Equal("all()", Selector.All.ToString());
        Assert.Equal(Selector.All, Selector.Parse(string.Empty));
        Assert.Equal(Selector.All, Selector.Parse(" \t"));
        Assert.True(Selector.All.Matches(new Dictionary<string, string>()));
        Assert.Empty(Selector.All.LabelNames);
    }

    [Fact]
    public void TryParse_returns_the_selector_on_success()
    {
        Assert.True(Selector.TryParse("a == 'b'", out var selector, out var error));

        Assert.Null(error);
        Assert.Equal("a == \"b\"", selector.ToString());
    }

    [Fact]
    public void LabelNames_lists_each_referenced_label_once_in_ordinal_order()
    {
        var selector = Selector.Parse("b == '1' && a in {'x'} || !has(c) && b != '2' && global()");

        Assert.Equal(["a", "b", "c"], selector.LabelNames);
    }

    [Fact]
    public void Label_source_serves_inherited_labels()
    {
        // Own labels win; missing ones come from the first profile that has them (Calico label inheritance).
        var endpoint = new ProfileChain(
            new Dictionary<string, string> { ["app"] = "web" },
            new Dictionary<string, string> { ["app"] = "ignored", ["pcns.name"] = "shop" },
            new Dictionary<string, string> { ["pcns.name"] = "ignored", ["env"] = "prod" });

        Assert.True(Selector.Parse("app == 'web' && pcns.name == 'shop' && env == 'prod'").Matches(endpoint));
        Assert.False(Selector.Parse("pcns.name == 'ignored'").Matches(endpoint));
        Assert.True(Selector.Parse("!has(other)").Matches(endpoint));
    }

    [Fact]
    public void Any_read_only_dictionary_can_be_evaluated()
    {
        var selector = Selector.Parse("a == 'x' && b not in {'y'} && !has(c)");
        var labels = new Dictionary<string, string> { ["a"] = "x", ["b"] = "z" };

        Assert.True(selector.Matches(new SortedDictionary<string, string>(labels, StringComparer.Ordinal)));
        Assert.True(selector.Matches(new ReadOnlyDictionary<string, string>(labels)));
        Assert.True(selector.Matches(new DictionaryLabelSource(labels)));
        labels["c"] = string.Empty;
        Assert.False(selector.Matches(new ReadOnlyDictionary<string, string>(labels)));
    }

    [Fact]
    public void Default_dictionary_label_source_is_empty()
    {
        Assert.True(Selector.Parse("a != 'x' && a not in {'y'}").Matches(default(DictionaryLabelSource)));
        Assert.False(Selector.Parse("has(a)").Matches(default(DictionaryLabelSource)));
    }

    [Fact]
    public void Null_labels_are_rejected()
    {
        var selector = Selector.Parse("has(a)");

        Assert.Throws<ArgumentNullException>(() => selector.Matches((ILabelSource)null!));
        Assert.Throws<ArgumentNullException>(() => selector.Matches((IReadOnlyDictionary<string, string>)null!));
    }

    [Theory]
    [InlineData("eu-west-1a", true)]
    [InlineData("a", true)]
    [InlineData("eu-west-1", false)]
    [InlineData("", false)]
    public void Large_sets_match_exactly(string value, bool expected)
    {
        var selector = Selector.Parse("zone in {'a','b','c','d','e','f','g','h','i','j','eu-west-1a'}");

        Assert.Equal(expected, selector.Matches(new Dictionary<string, string> { ["zone"] = value }));
        Assert.Equal(!expected, Selector.Parse(selector.ToString().Replace(" in ", " not in ", StringComparison.Ordinal))
            .Matches(new Dictionary<string, string> { ["zone"] = value }));
    }

    [Fact]
    public void Selectors_work_as_dictionary_keys_by_canonical_form()
    {
        var byId = new Dictionary<Selector, int> { [Selector.Parse("a == 'b' && c == 'd'")] = 1 };

        Assert.True(byId.ContainsKey(Selector.Parse("(a==\"b\")&&(c=='d')")));
        Assert.False(Selector.Parse("a == 'b'") != Selector.Parse("a == \"b\""));
        Assert.False(Selector.Parse("a == 'b'").Equals(null));
    }

    private sealed class ProfileChain(IReadOnlyDictionary<string, string> own, params IReadOnlyDictionary<string, string>[] profiles) : ILabelSource
    {
        public bool TryGetLabel(string name, [MaybeNullWhen(false)] out string value)
        {
            if (own.TryGetValue(name, out value))
            {
                return true;
            }

            foreach (var profile in profiles)
            {
                if (profile.TryGetValue(name, out value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
