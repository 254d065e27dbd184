using Xunit;

namespace Calico.Architecture.Tests;

/// <summary>The package dependency rules of docs/architecture.md, checked on the built assemblies.</summary>
public sealed class DependencyRulesTests
{
    public static TheoryData<string> Shipped() => [.. ShippedAssemblies.All.Select(a => a.Name)];

    public static TheoryData<string> Plugins() => [.. ShippedAssemblies.All.Where(a => a.IsPlugin).Select(a => a.Name)];

    [Fact]
    public void Abstractions_depends_only_on_the_BCL_and_extension_abstractions()
    {
        var offending = ShippedAssemblies.Get("Calico.Sdk.Abstractions").References
            .Where(r => !(r is "netstandard" or "mscorlib"
                || r.StartsWith("System", StringComparison.Ordinal)
                || (r.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && r.EndsWith(".Abstractions", StringComparison.Ordinal))))
            .ToList();

        Assert.True(offending.Count == 0, "Calico.Sdk.Abstractions references " + string.Join(", ", offending));
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void Plugins_never_reference_other_plugins_or_the_host(string plugin)
    {
        var others = ShippedAssemblies.All.Where(a => a.IsPlugin && a.Name != plugin).Select(a => a.Name).ToHashSet();
        var offending = ShippedAssemblies.Get(plugin).References
            .Where(r => others.Contains(r) || r is "Calico.Sdk.Hosting" || r.StartsWith("Calico.Node", StringComparison.Ordinal))
            .ToList();

        Assert.True(offending.Count == 0, $"{plugin} references {string.Join(", ", offending)}");
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void PInvoke_lives_only_in_Calico_Sdk_Linux(string assembly)
    {
        var pinvokes = ShippedAssemblies.Get(assembly).PInvokeMethods;
        if (assembly == "Calico.Sdk.Linux")
        {
            Assert.NotEmpty(pinvokes);
        }
        else
        {
            Assert.True(pinvokes.Count == 0, $"{assembly} declares P/Invoke methods: {string.Join(", ", pinvokes)}");
        }
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Shipped_libraries_are_aot_compatible_documented_and_api_tracked(string assembly)
    {
        var a = ShippedAssemblies.Get(assembly);
        var project = File.ReadAllText(Path.ChangeExtension(FindProject(a), ".csproj"));
        Assert.DoesNotContain("<IsAotCompatible>false", project, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(a.Path, ".xml")), $"{assembly} ships no XML documentation file");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(FindProject(a))!, "README.md")), $"{assembly} has no package README");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(FindProject(a))!, "PublicAPI.Unshipped.txt")), $"{assembly} does not track its public API (run eng/update-public-api.sh)");
    }

    private static string FindProject(ShippedAssembly a)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(a.Path)!);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, a.Name + ".csproj")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, a.Name + ".csproj");
    }
}
