using Calico.TestSupport;
using Xunit;

namespace Calico.Dataplane.Tests;

/// <summary>Compares rendered text with a file under tests/data/dataplane/nftables (UPDATE_GOLDEN=1 rewrites it).</summary>
internal static class Golden
{
    public static void Match(string name, string actual)
    {
        var path = RepoPaths.TestData(Path.Combine("dataplane", "nftables", name));
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with UPDATE_GOLDEN=1 once and review it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
