using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Calico.TestSupport;

namespace Calico.Architecture.Tests;

/// <summary>
/// Finds the built assembly of every shipped project (src/ and plugins/) by convention, so a new plugin is covered
/// by the architecture rules without anyone remembering to add it here.
/// </summary>
internal static class ShippedAssemblies
{
    private static readonly string Configuration =
        AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";

    public static IReadOnlyList<ShippedAssembly> All { get; } = Discover();

    public static ShippedAssembly Get(string name) =>
        All.SingleOrDefault(a => a.Name == name) ?? throw new InvalidOperationException($"{name} was not built");

    private static List<ShippedAssembly> Discover()
    {
        var list = new List<ShippedAssembly>();
        foreach (var area in new[] { "src", "plugins" })
        {
            var dir = Path.Combine(RepoPaths.Root, area);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var project in Directory.EnumerateFiles(dir, "*.csproj", SearchOption.AllDirectories))
            {
                var name = Path.GetFileNameWithoutExtension(project);
                var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", Configuration, "net10.0", AssemblyName(project) + ".dll");
                if (!File.Exists(dll))
                {
                    throw new InvalidOperationException($"{dll} is missing: build the solution before running architecture tests");
                }

                list.Add(new ShippedAssembly(name, area, dll));
            }
        }

        return list;
    }

    // Executables name their assembly after the program (calico-node, calicoctl); libraries after the project.
    private static string AssemblyName(string project)
    {
        var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(project), "<AssemblyName>([^<$]+)</AssemblyName>");
        return match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(project);
    }
}

/// <summary>One shipped assembly and what its metadata says about it.</summary>
internal sealed record ShippedAssembly(string Name, string Area, string Path)
{
    public bool IsPlugin => Area == "plugins";

    public IReadOnlyList<string> References => Read(static r =>
        r.AssemblyReferences.Select(h => r.GetString(r.GetAssemblyReference(h).Name)).ToList());

    /// <summary>Methods implemented by P/Invoke (DllImport, or the stubs LibraryImport generates).</summary>
    public IReadOnlyList<string> PInvokeMethods => Read(static r =>
        r.MethodDefinitions
            .Select(r.GetMethodDefinition)
            .Where(m => (m.Attributes & System.Reflection.MethodAttributes.PinvokeImpl) != 0)
            .Select(m => r.GetString(r.GetTypeDefinition(m.GetDeclaringType()).Name) + "." + r.GetString(m.Name))
            .ToList());

    public override string ToString() => Name;

    private T Read<T>(Func<MetadataReader, T> read)
    {
        using var stream = File.OpenRead(Path);
        using var pe = new PEReader(stream);
        return read(pe.GetMetadataReader());
    }
}
