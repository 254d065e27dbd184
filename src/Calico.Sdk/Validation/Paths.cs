using System.Globalization;

namespace Calico.Sdk.Validation;

/// <summary>Path builders for validation errors (<c>spec.ingress[0].source</c>).</summary>
internal static class Paths
{
    public static string Field(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public static string Key(string path, string key) => $"{path}['{key}']";
}
