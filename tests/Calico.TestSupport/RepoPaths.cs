namespace Calico.TestSupport;

/// <summary>Locates files in the repository (test data under <c>tests/data</c>) from a test's working directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the first ancestor directory holding <c>Calico.Sdk.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under <c>tests/data</c>.</summary>
    /// <param name="relative">The path relative to <c>tests/data</c>.</param>
    /// <returns>The absolute path.</returns>
    public static string TestData(string relative) => Path.Combine(Root, "tests", "data", relative);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Calico.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Calico.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
