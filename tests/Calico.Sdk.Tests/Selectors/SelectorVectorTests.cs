using System.Text.Json;
using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorVectorTests
{
    [Theory]
    [MemberData(nameof(SelectorVectorData.Cases), MemberType = typeof(SelectorVectorData))]
    public void Evaluates_case(int index, string selector, string labelsJson, bool matches)
    {
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(labelsJson)!;

        var actual = Selector.Parse(selector).Matches(labels);

        Assert.True(actual == matches, $"cases[{index}]: {selector} on {labelsJson} gave {actual}");
    }

    [Theory]
    [MemberData(nameof(SelectorVectorData.Invalid), MemberType = typeof(SelectorVectorData))]
    public void Rejects_invalid(int index, string selector)
    {
        var ok = Selector.TryParse(selector, out var parsed, out var error);

        Assert.False(ok, $"invalid[{index}] parsed as {parsed}");
        Assert.NotNull(error);
        Assert.InRange(error.Position, 0, selector.Length);
        Assert.Throws<SelectorParseException>(() => Selector.Parse(selector));
    }

    [Theory]
    [MemberData(nameof(SelectorVectorData.Valid), MemberType = typeof(SelectorVectorData))]
    public void Parses_valid(int index, string selector, string canonical)
    {
        Assert.True(Selector.TryParse(selector, out var parsed, out var error), $"valid[{index}]: {error?.Message}");
        Assert.Equal(canonical, parsed.ToString());
    }

    [Theory]
    [MemberData(nameof(SelectorVectorData.Canonical), MemberType = typeof(SelectorVectorData))]
    public void Canonicalises_with_unique_id(int index, string input, string canonical, string uid)
    {
        var selector = Selector.Parse(input);

        Assert.Equal(canonical, selector.ToString());
        Assert.True(uid == selector.UniqueId, $"canonical[{index}]: uid {selector.UniqueId}, expected {uid}");

        // The canonical form is a fixed point: parsing it again yields the same form and id.
        var reparsed = Selector.Parse(canonical);
        Assert.Equal(canonical, reparsed.ToString());
        Assert.Equal(uid, reparsed.UniqueId);
    }

    [Theory]
    [MemberData(nameof(SelectorVectorData.PrefixVisitor), MemberType = typeof(SelectorVectorData))]
    public void Prefixes_labels(int index, string input, string prefix, string expected)
    {
        var prefixed = Selector.Parse(input).WithLabelPrefix(prefix);

        Assert.True(expected == prefixed.ToString(), $"prefix_visitor[{index}]: {prefixed}");
        Assert.Equal(prefixed, Selector.Parse(expected));
    }

    [Theory]
    [InlineData("cases", 100)]
    [InlineData("invalid", 40)]
    [InlineData("valid", 10)]
    [InlineData("canonical", 20)]
    [InlineData("prefix_visitor", 5)]
    public void Vector_file_has_every_list(string list, int atLeast)
    {
        // Guards against a truncated copy silently shrinking the theories above.
        Assert.True(SelectorVectorData.Count(list) >= atLeast, $"{list} has {SelectorVectorData.Count(list)} vectors");
    }
}
