using Calico.Sdk.Selectors;
using Xunit;

namespace Calico.Sdk.Tests.Selectors;

public sealed class SelectorCanonicalTests
{
    [Theory]
    [InlineData("", "all()")]
    [InlineData(" \t ", "all()")]
    [InlineData("a=='b'", "a == \"b\"")]
    [InlineData("a == '\"'", "a == '\"'")]
    [InlineData("a != \"it's\"", "a != \"it's\"")]
    [InlineData("a startswith 'x'", "a starts with \"x\"")]
    [InlineData("a starts\twith 'x'", "a starts with \"x\"")]
    [InlineData("a notin {'y','x'}", "a not in {\"x\", \"y\"}")]
    [InlineData("a in {}", "a in {}")]
    [InlineData("a in { 'b' , }", "a in {\"b\"}")]
    [InlineData("a in {'x\"y', 'b'}", "a in {\"b\", 'x\"y'}")]
    [InlineData("!(a == 'b')", "!a == \"b\"")]
    [InlineData("!!!!(a == 'b')", "a == \"b\"")]
    [InlineData("! ! ! has(a)", "!has(a)")]
    [InlineData("a == '1' && b == '2' && c == '3'", "(a == \"1\" && b == \"2\" && c == \"3\")")]
    [InlineData("a == '1' || b == '2' && c == '3'", "(a == \"1\" || (b == \"2\" && c == \"3\"))")]
    [InlineData("(a == '1' || b == '2') && c == '3'", "((a == \"1\" || b == \"2\") && c == \"3\")")]
    [InlineData("((((a == '1'))))", "a == \"1\"")]
    [InlineData("!(a == '1' && b == '2')", "!(a == \"1\" && b == \"2\")")]
    [InlineData("global() && all()", "(global() && all())")]
    [InlineData("has(\ta\t)", "has(a)")]

    // Negations attach per run of "!": a negated group holding a negation keeps both, as in Calico's tree.
    [InlineData("!(!a == '1')", "!!a == \"1\"")]
    public void Renders_canonical_form(string input, string canonical)
    {
        Assert.Equal(canonical, Selector.Parse(input).ToString());
    }

    [Fact]
    public void Sorts_set_members_by_code_point_like_utf8_bytes()
    {
        // UTF-16 ordinal order would put the surrogate pair (U+1F600) before U+FFFD; UTF-8 byte order does not.
        var selector = Selector.Parse("a in {'\U0001F600', '\uFFFD', 'Z', 'a', 'Z'}");

        Assert.Equal("a in {\"Z\", \"a\", \"\uFFFD\", \"\U0001F600\"}", selector.ToString());
    }

    [Fact]
    public void Same_canonical_form_means_same_unique_id_and_equality()
    {
        var a = Selector.Parse("app=='web'&&tier in {'b','a'}");
        var b = Selector.Parse("(app == \"web\") && tier in {\"a\", \"b\", \"a\",}");

        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(a.UniqueId, b.UniqueId);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Selector.Parse("app == 'web'"));
    }

    [Fact]
    public void Unique_id_is_s_colon_and_38_base64url_characters()
    {
        var id = Selector.Parse("a == 'b'").UniqueId;

        // 28-byte digest -> 38 unpadded base64url characters.
        Assert.Matches("^s:[A-Za-z0-9_-]{38}$", id);
        Assert.Equal("s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug", Selector.All.UniqueId);
    }
}
