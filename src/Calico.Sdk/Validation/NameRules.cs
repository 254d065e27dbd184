using System.Text.RegularExpressions;

namespace Calico.Sdk.Validation;

/// <summary>Kubernetes and Calico name formats.</summary>
internal static partial class NameRules
{
    public const int MaxSubdomainLength = 253;
    public const int MaxLabelLength = 63;

    /// <summary>A DNS-1123 subdomain: dot-separated lower-case labels, at most 253 characters.</summary>
    public static bool IsDns1123Subdomain(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxSubdomainLength && Subdomain().IsMatch(text);

    /// <summary>A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters.</summary>
    public static bool IsDns1123Label(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxLabelLength && Label().IsMatch(text);

    /// <summary>A Kubernetes qualified name (label/annotation key): optional DNS prefix '/', then a name of at most 63.</summary>
    public static string? QualifiedNameError(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (!IsDns1123Subdomain(prefix))
            {
                return "prefix must be a DNS-1123 subdomain (lower-case alphanumerics, '-' and '.', at most 253 characters)";
            }
        }

        if (name.Length == 0 || name.Length > MaxLabelLength || !QualifiedName().IsMatch(name))
        {
            return "name part must be 1 to 63 characters of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
        }

        return null;
    }

    /// <summary>A Kubernetes label value: empty, or at most 63 alphanumerics, '-', '_' or '.' with alphanumeric ends.</summary>
    public static bool IsLabelValue(string? value) =>
        value is not null && (value.Length == 0 || (value.Length <= MaxLabelLength && QualifiedName().IsMatch(value)));

    /// <summary>An IANA service name as used for named ports: at most 15 of [a-z0-9-], a letter, no leading/trailing or double '-'.</summary>
    public static bool IsPortName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 15 && PortName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
        && name.Any(char.IsAsciiLetter);

    /// <summary>A Linux interface name: 1 to 15 characters, no '/', whitespace or ':'.</summary>
    public static bool IsInterfaceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 15 && InterfaceName().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PortName();

    [GeneratedRegex(@"^[^\s/:]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfaceName();
}
