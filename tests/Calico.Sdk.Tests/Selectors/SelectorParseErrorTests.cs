using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorParseErrorTests
{
    [Fact]
    public void Message_names_selector_position_and_expectation()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse("a == b"));

        Assert.Equal("invalid selector \"a == b\" at position 5: expected a quoted string", error.Message);
        Assert.Equal(5, error.Position);
        Assert.Equal("a quoted string", error.Expected);
        Assert.Equal("a == b", error.SelectorText);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Theory]
    [InlineData("a b", 2, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("label = \"value\"", 6, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("a:b == \"x\"", 1, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("has (a)", 4, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("a startswithx \"b\"", 2, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("a inx {\"b\"}", 2, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("a =", 2, "an operator (==, !=, contains, starts with, ends with, in or not in)")]
    [InlineData("a ==", 4, "a quoted string")]
    [InlineData("a === \"b\"", 4, "a quoted string")]
    [InlineData("has( )", 5, "a label name ([A-Za-z0-9_./-])")]
    [InlineData("has(a b)", 6, "\")\"")]
    [InlineData("global(x)", 7, "\")\"")]
    [InlineData("all(", 4, "\")\"")]
    [InlineData("a in \"b\"", 5, "\"{\"")]
    [InlineData("a not in", 8, "\"{\"")]
    [InlineData("a in {\"b\" \"c\"}", 10, "\",\" or \"}\"")]
    [InlineData("a in {\"b\",,\"c\"}", 10, "a quoted string or \"}\"")]
    [InlineData("a == \"b\" c == \"d\"", 9, "\"&&\", \"||\" or the end of the selector")]
    [InlineData("a == \"b\" & has(foo)", 9, "\"&&\", \"||\" or the end of the selector")]
    [InlineData("a == \"b\"\n", 8, "\"&&\", \"||\" or the end of the selector")]
    [InlineData("((a == \"b\")", 11, "\"&&\", \"||\" or \")\"")]
    [InlineData("has(foo) &&", 11, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("&& a == \"b\"", 0, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("!!", 2, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("!()", 2, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("!= \"b\"", 0, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("\"a\" == \"a\"", 0, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("a == \"ä\" || ü == \"x\"", 12, "a label, \"has(\", \"all()\", \"global()\", \"!\" or \"(\"")]
    [InlineData("label == \"value", 15, "\" to close the string opened at position 9")]
    [InlineData("a in {'x}", 9, "' to close the string opened at position 6")]
    public void Reports_position_and_expectation(string selector, int position, string expected)
    {
        Assert.False(Selector.TryParse(selector, out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Equal(position, error.Position);
        Assert.Equal(expected, error.Expected);
        Assert.Equal($"invalid selector \"{selector}\" at position {position}: expected {expected}", error.Message);
    }

    [Fact]
    public void Accepts_labels_of_512_characters_and_rejects_513()
    {
        var longest = new string('l', 512);
        Assert.Equal($"{longest} == \"v\"", Selector.Parse($"{longest} == 'v'").ToString());
        Assert.Equal($"has({longest})", Selector.Parse($"has({longest})").ToString());

        var tooLong = longest + "x";
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse($"a == 'v' && {tooLong} == 'v'"));
        Assert.Equal(12, error.Position);
        Assert.Equal("a label name of at most 512 characters", error.Expected);
    }

    [Fact]
    public void Limits_parenthesis_nesting()
    {
        const int limit = 200;
        var deepest = new string('(', limit) + "a == 'b'" + new string(')', limit);
        Assert.Equal("a == \"b\"", Selector.Parse(deepest).ToString());

        var tooDeep = new string('(', limit + 1) + "a == 'b'" + new string(')', limit + 1);
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(tooDeep));
        Assert.Equal(limit, error.Position);
        Assert.Equal("at most 200 nested parentheses", error.Expected);
    }

    [Fact]
    public void Null_text_is_an_argument_error_for_Parse_and_a_failure_for_TryParse()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.Parse(null!));

        Assert.False(Selector.TryParse(null, out var selector, out var error));
        Assert.Null(selector);
        Assert.Equal(0, error.Position);
    }
}
