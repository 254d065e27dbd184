using Calico.Sdk.Serialization;
using Xunit;

namespace Calico.Sdk.Tests.Serialization;

/// <summary>The scalar and key-order rules that make output read back identically in calicoctl's Go reader.</summary>
public sealed class YamlRulesTests
{
    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("true")]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("y")]
    [InlineData("123")]
    [InlineData("-7")]
    [InlineData("0x1F")]
    [InlineData("0755")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData(".inf")]
    [InlineData("1_000")]
    [InlineData("1:30")]
    [InlineData("2026-01-02")]
    [InlineData("2026-01-02T03:04:05Z")]
    [InlineData("2026-01-02 03:04:05")]
    public void Strings_that_read_back_as_other_types_are_quoted(string text) =>
        Assert.True(YamlScalars.LooksLikeNonString(text));

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("1.2.3")]
    [InlineData("8000:8080")]
    [InlineData("all()")]
    [InlineData("v1")]
    [InlineData("2026-01-02 03:04:05 +0000 UTC")]
    [InlineData("fd00::1")]
    public void Ordinary_strings_stay_plain(string text) =>
        Assert.False(YamlScalars.LooksLikeNonString(text));

    [Fact]
    public void Keys_sort_in_go_natural_order()
    {
        string[] keys = ["b", "a10", "a9", "A", "_x", "exportV6", "exportV4", "keepaliveTime", "keepOriginalNextHop", "a"];
        var sorted = keys.Order(GoYamlKeyComparer.Instance).ToArray();
        Assert.Equal(["_x", "A", "a", "a9", "a10", "b", "exportV4", "exportV6", "keepOriginalNextHop", "keepaliveTime"], sorted);
    }

    [Fact]
    public void Plain_scalar_resolution()
    {
        YamlScalars.ResolvePlain("0o17", out var octal, out _);
        YamlScalars.ResolvePlain("-12", out var negative, out _);
        YamlScalars.ResolvePlain("18446744073709551615", out var big, out _);
        YamlScalars.ResolvePlain("1.5e2", out var real, out _);
        YamlScalars.ResolvePlain("0755", out var decimalLooking, out _);
        YamlScalars.ResolvePlain(".nan", out var nan, out var error);

        Assert.Equal(15ul, octal!.GetValue<ulong>());
        Assert.Equal(-12L, negative!.GetValue<long>());
        Assert.Equal(ulong.MaxValue, big!.GetValue<ulong>());
        Assert.Equal(150.0, real!.GetValue<double>());
        Assert.Equal(755L, decimalLooking!.GetValue<long>());
        Assert.Null(nan);
        Assert.NotNull(error);
    }
}
