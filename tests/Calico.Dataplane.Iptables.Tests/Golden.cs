using Calico.TestSupport;
using Xunit;

namespace Calico.Dataplane.Iptables.Tests;

/// <summary>Compares rendered text with a file under this project's Golden folder (UPDATE_GOLDEN=1 rewrites it).</summary>
internal static class Golden
{
    public static void Match(string name, string actual)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Calico.Dataplane.Iptables.Tests", "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with UPDATE_GOLDEN=1 once and review it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
