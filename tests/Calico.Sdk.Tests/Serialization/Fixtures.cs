using Calico.TestSupport;

namespace Calico.Sdk.Tests.Serialization;

/// <summary>Access to the resource fixtures under tests/data/resources.</summary>
internal static class Fixtures
{
    public static string RoundTripDirectory => RepoPaths.TestData(Path.Combine("resources", "roundtrip"));

    public static string Read(string relative) =>
        File.ReadAllText(RepoPaths.TestData(Path.Combine("resources", relative)));

    public static IEnumerable<string> RoundTripFiles() =>
        Directory.GetFiles(RoundTripDirectory, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);
}
