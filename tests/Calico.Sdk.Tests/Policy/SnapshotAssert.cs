using Calico.Sdk.Policy;
using Xunit;

namespace Calico.Sdk.Tests.Policy;

/// <summary>Structural comparison of snapshots with a readable first difference.</summary>
internal static class SnapshotAssert
{
    public static void Equal(PolicySnapshot expected, PolicySnapshot actual, string context = "")
    {
        Same("IP sets", expected.IpSets, actual.IpSets, context);
        Same("policies", expected.Policies, actual.Policies, context);
        Same("endpoints", expected.Endpoints, actual.Endpoints, context);
    }

    private static void Same<TKey, TValue>(string what, IReadOnlyDictionary<TKey, TValue> expected, IReadOnlyDictionary<TKey, TValue> actual, string context)
        where TKey : notnull
    {
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).Select(k => k.ToString()).ToList();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).Select(k => k.ToString()).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"{context} {what}: missing [{string.Join(", ", missing)}] extra [{string.Join(", ", extra)}]");
        foreach (var (key, value) in expected)
        {
            Assert.True(EqualityComparer<TValue>.Default.Equals(value, actual[key]), $"{context} {what} {key} differs:\n expected {value}\n actual   {actual[key]}");
        }
    }
}
